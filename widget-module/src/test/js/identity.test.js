// Unit tests for src/main/js/identity.js and the identity half of contact-session.js. Run: node --test
import test from 'node:test';
import assert from 'node:assert/strict';

import { validateUser, createIdentity } from '../../main/js/identity.js';
import { createContactSession } from '../../main/js/contact-session.js';
import { listen } from './events-helper.js';
import { createMemoryStorage, storageKeys } from '../../main/js/storage.js';
import { createIdempotencyKeeper } from '../../main/js/idempotency.js';


test('setUser arguments: an identifier and the server-computed hash, both checked before any request', () => {
  assert.deepEqual(validateUser('u-42', { identifierHash: ' ab12 ', name: ' Ann ', email: '' }),
    { user: { identifier: 'u-42', identifierHash: 'ab12', name: 'Ann' } });
  assert.deepEqual(validateUser(42, { identifierHash: 'ab' }), { user: { identifier: '42', identifierHash: 'ab' } });
  assert.match(validateUser('', { identifierHash: 'ab' }).error, /identifier/);
  assert.match(validateUser('x'.repeat(256), { identifierHash: 'ab' }).error, /255/);
  assert.match(validateUser('a\u0000b', { identifierHash: 'ab' }).error, /control/);
  assert.match(validateUser('u-42', {}).error, /identifierHash/);
  assert.match(validateUser('u-42').error, /identifierHash/);
});

/** A widget with the real session, identity and storage, and a scripted server. */
function widgetWith(responses, stored = {}) {
  const local = createMemoryStorage();
  const perTab = createMemoryStorage();
  const keys = storageKeys('w');
  for (const [key, value] of Object.entries(stored)) local.set(keys[key], value);
  const requests = [];
  const calls = [];
  const widget = {
    websiteToken: 'w',
    keys,
    local,
    idempotency: createIdempotencyKeeper(perTab, keys.idempotencyKey),
    initialized: Promise.resolve(),
    http: {
      async request(path, options) {
        requests.push({ path, token: options.token ?? null, body: options.body });
        const next = responses.shift();
        assert.ok(next, `unexpected request ${path}`);
        return { status: next.status, headers: new Map(), data: next.data ?? null };
      },
    },
    socket: { connect() {}, reconnect() {}, disconnect: () => calls.push('socket.disconnect'), hasSocket: () => false },
    unread: { clear: () => { calls.push('unread.clear'); local.remove(keys.unread); } },
    conversation: { restoreCurrent: () => calls.push('restoreCurrent'), resetToPrechat: () => calls.push('resetToPrechat') },
    start: { reset: () => calls.push('start.reset') },
    view: { clearPrechatForm: () => calls.push('clearPrechatForm') },
    tabs: { post: (message) => calls.push(`post:${message.type}`) },
  };
  widget.contact = createContactSession(widget);
  widget.identity = createIdentity(widget);
  return { widget, local, perTab, keys, requests, calls };
}

test('before a session exists, setUser creates it with the identity', async () => {
  const { widget, local, keys, requests } = widgetWith([{ status: 201, data: { contactToken: 'tok-v', contactId: 9, verified: true } }]);
  assert.equal(await widget.identity.setUser('u-42', { identifierHash: 'ab', email: 'ann@example.com' }), true);
  assert.deepEqual(requests, [{
    path: 'session', token: null, body: { websiteToken: 'w', identifier: 'u-42', identifierHash: 'ab', email: 'ann@example.com' },
  }]);
  assert.equal(local.get(keys.contactToken), 'tok-v');
  assert.equal(local.get(keys.identifier), 'u-42');
  // The same user again (every page load of the site calls setUser): no request at all.
  assert.equal(await widget.identity.setUser('u-42', { identifierHash: 'ab' }), true);
  assert.equal(requests.length, 1);
});

test('an anonymous session is identified in place and keeps its token', async () => {
  const { widget, local, keys, requests, calls } = widgetWith([
    { status: 200, data: { contactToken: 'tok-a', contactId: 3 } },
    { status: 200, data: { contactId: 9, verified: true, conversationId: 5 } },
  ], { contactToken: 'tok-a' });
  await widget.contact.checkStored();
  await widget.identity.setUser('u-42', { identifierHash: 'ab' });
  assert.deepEqual(requests.map((r) => [r.path, r.token]), [['session', 'tok-a'], ['identify', 'tok-a']]);
  assert.deepEqual(requests[1].body, { identifier: 'u-42', identifierHash: 'ab', name: undefined, email: undefined });
  assert.equal(local.get(keys.contactToken), 'tok-a');
  assert.equal(local.get(keys.identifier), 'u-42');
  assert.ok(calls.includes('restoreCurrent'));
});

test('a refused hash is a parley:error, never an exception, and nothing is stored', async () => {
  const errors = listen('parley:error');
  try {
    const { widget, local, keys } = widgetWith([{ status: 401, data: { type: 'urn:parley:problem:unauthorized' } }]);
    assert.equal(await widget.identity.setUser('u-42', { identifierHash: 'forged' }), false);
    assert.equal(await widget.identity.setUser('u-42', {}), false);
    assert.equal(local.get(keys.contactToken), null);
    assert.deepEqual(errors.details.map((d) => d.code), ['identity-rejected', 'invalid-argument']);
    assert.ok(errors.details.every((d) => Object.keys(d).join() === 'code,message' && typeof d.message === 'string'));
  } finally {
    errors.stop();
  }
});

test('setUser over a visitor limit (POST session answered 429) is a rate-limited parley:error', async () => {
  const errors = listen('parley:error');
  try {
    const { widget, local, keys } = widgetWith([{ status: 429, data: { type: 'urn:parley:problem:rate-limited' } }]);
    assert.equal(await widget.identity.setUser('u-42', { identifierHash: 'ab' }), false);
    assert.equal(local.get(keys.contactToken), null);
    assert.deepEqual(errors.details.map((d) => d.code), ['rate-limited']);
  } finally {
    errors.stop();
  }
});

test('another user on a device that is already identified starts clean: reset first, then a new session', async () => {
  const { widget, local, keys, requests, calls } = widgetWith([
    { status: 200, data: { contactToken: 'tok-ann' } },
    { status: 201, data: { contactToken: 'tok-bob', contactId: 12 } },
  ], { contactToken: 'tok-ann', identifier: 'ann', conversationId: '4' });
  await widget.contact.checkStored();
  await widget.identity.setUser('bob', { identifierHash: 'cd' });
  assert.deepEqual(requests.map((r) => [r.path, r.token]), [['session', 'tok-ann'], ['session', null]]);
  assert.equal(local.get(keys.contactToken), 'tok-bob');
  assert.equal(local.get(keys.identifier), 'bob');
  assert.equal(local.get(keys.conversationId), null);
  assert.ok(calls.includes('post:reset'), 'the other tabs forget Ann too');
});

test('reset forgets the token, identity, conversation, unread list and start key, here and in every tab', async () => {
  const { widget, local, perTab, keys, calls } = widgetWith([{ status: 200, data: { contactToken: 'tok-ann' } }], {
    contactToken: 'tok-ann', identifier: 'ann', conversationId: '4', unread: '["7"]',
  });
  widget.idempotency.acquire({ name: 'Ann', email: 'ann@example.com', message: 'hi' });
  assert.notEqual(perTab.get(keys.idempotencyKey), null);
  await widget.contact.checkStored();
  await widget.identity.reset();
  for (const key of ['contactToken', 'identifier', 'conversationId', 'unread']) assert.equal(local.get(keys[key]), null, key);
  assert.equal(perTab.get(keys.idempotencyKey), null);
  assert.equal(widget.contact.token(), null);
  assert.deepEqual(calls, ['socket.disconnect', 'unread.clear', 'resetToPrechat', 'start.reset', 'clearPrechatForm', 'post:reset']);
  // Following another tab's reset does not announce it again.
  calls.length = 0;
  widget.identity.forgetDevice({ broadcast: false });
  assert.ok(!calls.includes('post:reset'));
});

test('a start waits for setUser in progress, so it never creates an anonymous contact meanwhile', async () => {
  let answer;
  const { widget, requests } = widgetWith([]);
  widget.http.request = (path, options) => {
    requests.push({ path, token: options.token ?? null });
    return new Promise((resolve) => { answer = resolve; });
  };
  const identified = widget.identity.setUser('u-42', { identifierHash: 'ab' });
  const started = widget.contact.ensure({ create: true });
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(requests.length, 1);
  answer({ status: 201, headers: new Map(), data: { contactToken: 'tok-v' } });
  assert.equal(await started, 'tok-v');
  await identified;
  assert.deepEqual(requests.map((r) => r.path), ['session']);
});
