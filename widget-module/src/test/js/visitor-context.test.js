// Unit tests for src/main/js/visitor-context.js: what is read, when it is sent (navigations of a
// single-page app included), the debounce, only changes, the resend after a failure, and shareContext false.
import test from 'node:test';
import assert from 'node:assert/strict';

import { createVisitorContext, contextUrl, readContext } from '../../main/js/visitor-context.js';
import { CONTEXT } from '../../main/js/constants.js';

/** A page: location, title, history (which moves the location like a browser's), window events. */
function fakePage(href = 'https://shop.example/cart?step=2#coupon') {
  const window = new EventTarget();
  const page = { title: 'Cart', location: null };
  const go = (url) => {
    const next = new URL(url, page.location ? page.location.href : undefined);
    page.location = {
      href: next.href, protocol: next.protocol, host: next.host, pathname: next.pathname, search: next.search, hash: next.hash,
    };
  };
  go(href);
  const entries = [];
  const history = {
    pushState(data, unused, url) { entries.push(data); if (url) go(url); return 'pushed'; },
    replaceState(data, unused, url) { if (url) go(url); },
  };
  const env = {
    window,
    history,
    get location() { return page.location; },
    document: { get title() { return page.title; } },
    navigator: { language: 'de-CH' },
    Intl: { DateTimeFormat: () => ({ resolvedOptions: () => ({ timeZone: 'Europe/Zurich' }) }) },
  };
  return { env, page, history, window, go, entries };
}

/** A server that records each PUT context and answers with the given status (or throws for a network failure). */
function fakeServer() {
  const sent = [];
  const server = { status: 200, sent };
  server.http = {
    async request(path, options) {
      if (server.status === 'network') throw new Error('offline');
      sent.push({ path, method: options.method, token: options.token, body: options.body });
      return { status: server.status, headers: { get: () => null }, data: null };
    },
  };
  return server;
}

function widgetFor(server, settings = {}, token = 'tok-1') {
  const widget = { settings, http: server.http, contact: { token: () => widget.token }, token };
  return widget;
}

const settle = async (t) => {
  t.mock.timers.tick(CONTEXT.debounceMs);
  for (let i = 0; i < 5; i += 1) await Promise.resolve();
};

test('the URL keeps path and query, never the fragment; path and origin modes share less', () => {
  const location = new URL('https://shop.example:8443/cart/items?step=2&coupon=x#access_token=secret');
  assert.equal(contextUrl(location), 'https://shop.example:8443/cart/items?step=2&coupon=x');
  assert.equal(contextUrl(location, 'path'), 'https://shop.example:8443/cart/items');
  assert.equal(contextUrl(location, 'origin'), 'https://shop.example:8443/');
  assert.equal(contextUrl(new URL('https://user:pw@shop.example/a')), 'https://shop.example/a', 'no credentials');
  assert.equal(contextUrl(new URL('file:///home/me/page.html')), null, 'only http and https pages');
  const long = new URL(`https://shop.example/search?q=${'x'.repeat(CONTEXT.urlMax)}`);
  assert.equal(contextUrl(long), 'https://shop.example/search', 'a query over the limit is dropped, not cut');
});

test('the context is the page, the language and the time zone, cleaned to the server rules', () => {
  const { env, page } = fakePage();
  page.title = `  Cart\u0007 ${'t'.repeat(400)}`;
  const context = readContext(env, 'full');
  assert.equal(context.url, 'https://shop.example/cart?step=2');
  assert.equal(context.title.length, CONTEXT.titleMax);
  assert.ok(context.title.startsWith('Cart  t'), 'control characters became spaces');
  assert.equal(context.language, 'de-CH');
  assert.equal(context.timeZone, 'Europe/Zurich');
  env.navigator.language = 'not a tag!';
  assert.equal(readContext(env, 'full').language, null);
});

test('a ready socket sends the context once; the same page again sends nothing', async () => {
  const server = fakeServer();
  const { env } = fakePage();
  const context = createVisitorContext(widgetFor(server), env);
  context.track();
  assert.equal(await context.onReady(), true);
  assert.equal(await context.onReady(), false);
  assert.equal(await context.onConversationStarted(), false);
  assert.deepEqual(server.sent, [{
    path: 'context', method: 'PUT', token: 'tok-1',
    body: { url: 'https://shop.example/cart?step=2', title: 'Cart', language: 'de-CH', timeZone: 'Europe/Zurich' },
  }]);
});

test('without a session nothing is sent (the context never creates one)', async () => {
  const server = fakeServer();
  const { env } = fakePage();
  const context = createVisitorContext(widgetFor(server, {}, null), env);
  assert.equal(await context.flush(), false);
  assert.deepEqual(server.sent, []);
});

test('pushState keeps its behaviour and result; a burst of navigations is one send after the debounce', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const server = fakeServer();
  const { env, history, page, entries } = fakePage();
  const context = createVisitorContext(widgetFor(server), env);
  context.track();
  await context.onReady();

  assert.equal(history.pushState({ n: 1 }, '', '/products'), 'pushed', 'the page gets what the original returned');
  history.pushState({ n: 2 }, '', '/products/42');
  page.title = 'Blue mug';
  history.replaceState(null, '', '/products/42?color=blue#reviews');
  assert.deepEqual(entries, [{ n: 1 }, { n: 2 }], 'the original ran with the page\'s arguments');
  assert.equal(page.location.pathname, '/products/42');
  t.mock.timers.tick(CONTEXT.debounceMs - 1);
  await Promise.resolve();
  assert.equal(server.sent.length, 1, 'nothing before the navigation settled');
  await settle(t);
  assert.equal(server.sent.length, 2);
  assert.deepEqual(server.sent[1].body, {
    url: 'https://shop.example/products/42?color=blue', title: 'Blue mug', language: 'de-CH', timeZone: 'Europe/Zurich',
  });
});

test('popstate and hashchange are navigations too; a change of fragment alone sends nothing', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const server = fakeServer();
  const { env, window, go } = fakePage();
  const context = createVisitorContext(widgetFor(server), env);
  context.track();
  await context.onReady();

  go('/cart?step=2#other-fragment');
  window.dispatchEvent(new Event('hashchange'));
  await settle(t);
  assert.equal(server.sent.length, 1, 'the URL without its fragment did not change');

  go('/checkout');
  window.dispatchEvent(new Event('popstate'));
  await settle(t);
  assert.equal(server.sent.length, 2);
  assert.equal(server.sent[1].body.url, 'https://shop.example/checkout');

  go('/checkout?step=3');
  window.dispatchEvent(new Event('hashchange'));
  await settle(t);
  assert.equal(server.sent.at(-1).body.url, 'https://shop.example/checkout?step=3');
});

test('a failed send is sent again at the next ready socket; a new visitor (token) gets the context again', async () => {
  const server = fakeServer();
  const { env } = fakePage();
  const widget = widgetFor(server);
  const context = createVisitorContext(widget, env);
  server.status = 'network';
  assert.equal(await context.onReady(), false);
  server.status = 429;
  assert.equal(await context.onReady(), false);
  server.status = 200;
  assert.equal(await context.onReady(), true, 'the reconnect sends what failed');
  assert.equal(await context.onReady(), false);
  widget.token = 'tok-2';
  assert.equal(await context.onReady(), true);
  assert.deepEqual(server.sent.map((request) => request.token), ['tok-1', 'tok-1', 'tok-2']);
});

test('a navigation during a send is sent after it, not lost and not in parallel', async () => {
  const server = fakeServer();
  const { env, go } = fakePage();
  const context = createVisitorContext(widgetFor(server), env);
  const first = context.flush();
  go('/next');
  const second = context.flush();
  assert.equal(second, first, 'one request at a time');
  await first;
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(server.sent.map((request) => request.body.url), ['https://shop.example/cart?step=2', 'https://shop.example/next']);
});

test('coming back to a tab sends its page again, even unchanged (another tab may have sent its own)', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const server = fakeServer();
  const { env } = fakePage();
  const context = createVisitorContext(widgetFor(server), env);
  await context.onReady();
  context.onVisible();
  await settle(t);
  assert.equal(server.sent.length, 2);
});

test('shareContext false: history is not wrapped, no listener, nothing sent', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const server = fakeServer();
  const { env, history, window } = fakePage();
  const { pushState, replaceState } = history;
  let listened = 0;
  const add = window.addEventListener.bind(window);
  window.addEventListener = (...args) => { listened += 1; add(...args); };
  const context = createVisitorContext(widgetFor(server, { shareContext: false }), env);
  context.track();
  assert.equal(history.pushState, pushState);
  assert.equal(history.replaceState, replaceState);
  assert.equal(listened, 0);
  await context.onReady();
  await context.onConversationStarted();
  history.pushState(null, '', '/elsewhere');
  context.onNavigate();
  context.onVisible();
  await settle(t);
  assert.deepEqual(server.sent, []);
});

test('contextUrl "origin" sends the site only', async () => {
  const server = fakeServer();
  const { env } = fakePage();
  await createVisitorContext(widgetFor(server, { contextUrl: 'origin' }), env).onReady();
  assert.equal(server.sent[0].body.url, 'https://shop.example/');
});
