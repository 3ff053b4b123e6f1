// How the widget takes a 429 (a visitor limit) and a socket closed with 1008 for a limit: the localized
// text, Retry-After respected, the same Idempotency-Key or echoId, a reconnect that waits. Run: node --test
import test from 'node:test';
import assert from 'node:assert/strict';

import { createStartFlow } from '../../main/js/start-flow.js';
import { createMessages } from '../../main/js/messages.js';
import { createSocket } from '../../main/js/socket.js';
import { MessageStore } from '../../main/js/message-store.js';
import { createTranslator } from '../../main/js/i18n/locale.js';
import { createMemoryStorage, storageKeys } from '../../main/js/storage.js';
import { createIdempotencyKeeper } from '../../main/js/idempotency.js';
import { rateLimitDelayMs } from '../../main/js/retry-delays.js';
import { RATE_LIMIT } from '../../main/js/constants.js';
import { listen } from './events-helper.js';

const LIMITED = { status: 429, headers: new Map([['Retry-After', '1']]), data: { status: 429, title: 'Too Many Requests' } };

/** Headers.get-like access on a Map. */
function answer({ status, headers = new Map(), data = null }) {
  return { status, headers: { get: (name) => headers.get(name) ?? null }, data };
}

/** A scripted server: each request takes the next answer and is logged with when it arrived. */
function scriptedHttp(answers) {
  const requests = [];
  const began = Date.now();
  return {
    requests,
    http: {
      async request(path, options = {}) {
        const method = options.method || 'GET';
        requests.push({ path, method, headers: options.headers || {}, body: options.body, at: Date.now() - began });
        const next = answers.shift();
        assert.ok(next, `unexpected request ${options.method || 'GET'} ${path}`);
        return answer(typeof next === 'function' ? next(options) : next);
      },
    },
  };
}

function viewLog() {
  const shown = [];
  return {
    shown,
    view: {
      renderControls() {}, readPrechatForm: () => ({ name: 'Pia', email: 'pia@example.com', message: 'Hello' }),
      showFieldErrors() {}, focusFirstInvalidField() {}, focusRetryIfOpen() {}, focusComposerIfOpen() {},
      showError: (text, { retry }) => shown.push({ text, retry }), hideError: () => shown.push({ hidden: true }),
      showHint() {}, hideHint() {}, clearPrechatMessage() {},
    },
  };
}

for (const [locale, text] of [['en', 'Too many attempts — please wait a moment.'], ['zh-CN', '尝试次数过多，请稍等片刻。']]) {
  test(`a start answered 429 shows "${text}" (${locale}), waits Retry-After and retries with the same key`, async () => {
    const errors = listen('parley:error');
    try {
      const keys = storageKeys('w');
      const { http, requests } = scriptedHttp([LIMITED, { status: 201, data: { id: 7, status: 'OPEN', messages: [] } }]);
      const { view, shown } = viewLog();
      const widget = {
        t: createTranslator(locale), http, view,
        idempotency: createIdempotencyKeeper(createMemoryStorage(), keys.idempotencyKey),
        contact: { ensure: async () => 'tok', token: () => 'tok', forget() {} },
        tabs: { post() {} },
        conversation: { show: async () => {} },
        messages: { syncGap() {} },
      };
      widget.start = createStartFlow(widget);
      assert.equal(await widget.start.startChat(), true);

      assert.deepEqual(requests.map((r) => `${r.method} ${r.path}`), ['POST conversations', 'POST conversations']);
      const [first, retry] = requests;
      assert.ok(first.headers['Idempotency-Key'], 'the first attempt has a key');
      assert.equal(retry.headers['Idempotency-Key'], first.headers['Idempotency-Key'], 'the retry reuses it');
      assert.ok(retry.at - first.at >= 1000, `the retry waited Retry-After (1 s), not ${retry.at - first.at} ms`);
      assert.deepEqual(shown.filter((call) => call.text), [{ text, retry: false }], 'the localized text while the widget waits');
      assert.deepEqual(shown.at(-1), { hidden: true }, 'and gone once the start went through');
      assert.equal(widget.start.state(), 'open');
      assert.deepEqual(errors.details.map((detail) => detail.code), ['rate-limited'], 'parley:error once for the one 429');
    } finally {
      errors.stop();
    }
  });
}

test('a message answered 429 is sent again after Retry-After with the same echoId, and shown once', async () => {
  const errors = listen('parley:error');
  try {
    const { http, requests } = scriptedHttp([
      LIMITED,
      (options) => ({
        status: 201, data: { id: 9, conversationId: 7, sender: 'CONTACT', content: options.body.content, echoId: options.body.echoId },
      }),
    ]);
    let composer = 'Great, thanks!';
    let composerError = '';
    const composerErrors = [];
    const rendered = [];
    const store = new MessageStore();
    const widget = {
      store, http, t: createTranslator('zh-CN'),
      contact: { token: () => 'tok', ensure: async () => 'tok', handleInvalidToken: () => assert.fail('token refused') },
      conversation: { id: () => 7, restoreCurrent: () => assert.fail('no restore expected') },
      start: { state: () => 'open' },
      socket: { link: () => ({ ready: false, epoch: 0 }) },
      typing: { stop() {} },
      unread: { add() {} },
      view: {
        composerText: () => composer, clearComposer() { composer = ''; }, announce() {}, hideTyping() {}, isOpen: () => true,
        setComposerError(text) { composerError = text; composerErrors.push(text); }, composerErrorText: () => composerError,
      },
      messageList: {
        render: (entry) => rendered.push({ id: entry.id, status: entry.status }), isNearBottom: () => true, scrollToBottom() {},
      },
    };
    widget.messages = createMessages(widget);
    widget.messages.send();
    for (let i = 0; i < 400 && store.get(9) == null; i++) await new Promise((resolve) => setTimeout(resolve, 10));

    assert.equal(requests.length, 2);
    const [first, retry] = requests;
    assert.ok(first.body.echoId);
    assert.equal(retry.body.echoId, first.body.echoId, 'the retry carries the same echoId');
    assert.ok(retry.at - first.at >= 1000, `the retry waited Retry-After (1 s), not ${retry.at - first.at} ms`);
    assert.deepEqual(store.entries().map((entry) => [entry.id, entry.content, entry.status]), [[9, 'Great, thanks!', 'sent']]);
    assert.ok(composerErrors.includes('尝试次数过多，请稍等片刻。'), 'the localized text under the composer while waiting');
    assert.equal(composerError, '', 'gone once the message went through');
    assert.ok(!rendered.some((row) => row.status === 'failed'), 'never shown as failed');
    assert.deepEqual(errors.details.map((detail) => detail.code), ['rate-limited']);
  } finally {
    errors.stop();
  }
});

test('a 429 waits at least Retry-After, uncapped up to ten minutes, 5 s without the header', () => {
  const now = Date.parse('2024-01-01T00:00:00Z');
  assert.equal(rateLimitDelayMs('2', now), 2000 + RATE_LIMIT.marginMs);
  assert.equal(rateLimitDelayMs('60', now), 60000 + RATE_LIMIT.marginMs, 'not cut to the 10 s of a 503');
  assert.equal(rateLimitDelayMs(null, now), 5000 + RATE_LIMIT.marginMs);
  assert.equal(rateLimitDelayMs('Mon, 01 Jan 2024 00:00:30 GMT', now), 30000 + RATE_LIMIT.marginMs);
  assert.equal(rateLimitDelayMs('86400', now), RATE_LIMIT.maxDelayMs);
});

class FakeWebSocket {
  static opened = [];

  constructor() {
    this.listeners = {};
    this.readyState = 1;
    FakeWebSocket.opened.push(this);
  }

  addEventListener(type, listener) { (this.listeners[type] ||= []).push(listener); }

  send() {}

  close(code = 1000, reason = '') { (this.listeners.close || []).forEach((listener) => listener({ code, reason })); }
}

test('a socket closed with 1008 "too many sockets" keeps the token and reconnects later, with backoff', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'setInterval'] });
  const errors = listen('parley:error');
  try {
    globalThis.WebSocket = FakeWebSocket;
    FakeWebSocket.opened = [];
    let invalidToken = 0;
    const widget = {
      t: (key) => key, endpoints: { wsUrl: 'ws://parley.test/chat/ws' },
      contact: { token: () => 'tok', handleInvalidToken: () => { invalidToken += 1; } },
      view: { showConnectionStatus() {}, hideTyping() {} },
    };
    widget.socket = createSocket(widget);
    widget.socket.connect();
    FakeWebSocket.opened[0].close(1008, 'too many sockets');
    t.mock.timers.tick(RATE_LIMIT.socketMinDelayMs - 1);
    assert.equal(FakeWebSocket.opened.length, 1, 'no reconnect before the limit wait');
    widget.socket.onOnline();
    assert.equal(FakeWebSocket.opened.length, 1, 'not even when the network comes back');
    t.mock.timers.tick(1);
    assert.equal(FakeWebSocket.opened.length, 2, 'reconnected after it');
    FakeWebSocket.opened[1].close(1008, 'too many sockets');
    t.mock.timers.tick(RATE_LIMIT.socketMinDelayMs);
    assert.equal(FakeWebSocket.opened.length, 3);
    assert.equal(invalidToken, 0, 'a limit is not an invalid token');
    assert.deepEqual(errors.details.map((detail) => detail.code), ['rate-limited', 'rate-limited'], 'once per close');

    // The token's own 1008 still drops it.
    FakeWebSocket.opened[2].close(1008, 'invalid token');
    assert.equal(invalidToken, 1);
    widget.socket.disconnect();
  } finally {
    errors.stop();
  }
});
