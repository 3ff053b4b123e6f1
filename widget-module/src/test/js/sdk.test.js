// Unit tests for the pure parts of sdk.js. Run: node --test widget-module/src/test/js/
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const SDK_PATH = path.join(__dirname, '..', '..', 'main', 'webapp', 'sdk.js');

/**
 * Runs sdk.js against a fake window (same realm, no document): the widget does not boot,
 * and with __PARLEY_TEST__ set it exposes its pure functions as Parley._internals.
 */
function loadInternals() {
  const fakeWindow = { __PARLEY_TEST__: true, crypto: globalThis.crypto };
  // eslint-disable-next-line no-new-func
  new Function('window', fs.readFileSync(SDK_PATH, 'utf8'))(fakeWindow);
  return fakeWindow.Parley._internals;
}

const P = loadInternals();

test('locale resolution falls back to English and maps Simplified Chinese tags to zh-CN', () => {
  assert.equal(P.resolveLocale('zh-CN'), 'zh-CN');
  assert.equal(P.resolveLocale('zh'), 'zh-CN');
  assert.equal(P.resolveLocale('zh_Hans_SG'), 'zh-CN');
  assert.equal(P.resolveLocale('zh-TW'), 'en');
  assert.equal(P.resolveLocale('zh-Hant-HK'), 'en');
  assert.equal(P.resolveLocale('en-GB'), 'en');
  assert.equal(P.resolveLocale('fr'), 'en');
  assert.equal(P.resolveLocale(undefined), 'en');
});

test('every locale defines every UI string', () => {
  const english = Object.keys(P.MESSAGES.en).sort();
  assert.deepEqual(Object.keys(P.MESSAGES['zh-CN']).sort(), english);
  assert.equal(P.MESSAGES.en.title, 'Chat with us');
  assert.equal(P.MESSAGES['zh-CN'].title, '与我们聊天');
  assert.equal(P.MESSAGES.en.hint, 'Still connecting — your message is safe');
  const t = P.createTranslator('zh-CN');
  assert.equal(t('launcherUnread', { count: 3 }), '与我们聊天（3 条未读）');
  assert.equal(P.createTranslator('xx')('send'), 'Send');
});

test('pre-chat validation mirrors the server rules', () => {
  const valid = P.normalizePrechat({ name: ' Ann ', email: 'ann@example.com', message: 'Hi' });
  assert.deepEqual(valid, { name: 'Ann', email: 'ann@example.com', message: 'Hi' });
  assert.deepEqual(P.validatePrechat(valid), {});

  assert.deepEqual(P.validatePrechat(P.normalizePrechat({})), {
    name: 'nameRequired', email: 'emailRequired', message: 'messageRequired',
  });
  assert.deepEqual(P.validatePrechat(P.normalizePrechat({ name: '   ', email: 'x', message: '  ' })), {
    name: 'nameRequired', email: 'emailInvalid', message: 'messageRequired',
  });
  const long = { name: 'a'.repeat(201), email: 'a@b.co', message: 'm'.repeat(10001) };
  assert.deepEqual(P.validatePrechat(long), { name: 'nameTooLong', message: 'messageTooLong' });
  const limit = { name: 'a'.repeat(200), email: 'a@b.co', message: 'm'.repeat(10000) };
  assert.deepEqual(P.validatePrechat(limit), {});

  // Same pattern as the server's PreChatForm: local part <= 64, a dot, a TLD of 2+ characters, <= 320 in total.
  for (const bad of ['plain', 'a@b', 'a b@c.d', '@c.d', 'a@.', 'a@b.c', 'a@@b.co', `${'l'.repeat(65)}@b.co`,
    `a@${'d'.repeat(320)}.co`]) assert.equal(P.isValidEmail(bad), false, bad);
  for (const good of ['a@b.co', 'first.last+tag@sub.example.org', `${'l'.repeat(64)}@b.co`]) {
    assert.equal(P.isValidEmail(good), true, good);
  }

  // Control characters are rejected like on the server; the message may contain line breaks and tabs.
  assert.deepEqual(P.validatePrechat({ name: 'A\u0007nn', email: 'a@b.co', message: 'line 1\n\tline 2\r\n' }),
    { name: 'controlCharacters' });
  assert.equal(P.validateMessageContent('bell\u0007'), 'controlCharacters');
  assert.equal(P.validateMessageContent('c1\u0085'), 'controlCharacters');
  assert.equal(P.validateMessageContent('ok\nfine'), null);
});

test('server field errors are mapped to form fields by their last path segment', () => {
  const mapped = P.mapServerFieldErrors({
    errors: [
      { field: 'email', message: 'must be a well-formed email address' },
      { field: 'create.request.name', message: 'size must be between 1 and 200' },
      { field: 'content', message: 'too long' },
      { field: 'somethingElse', message: 'odd' },
    ],
  });
  assert.deepEqual(mapped.fields, {
    email: 'must be a well-formed email address', name: 'size must be between 1 and 200', message: 'too long',
  });
  assert.deepEqual(mapped.general, ['odd']);
  assert.deepEqual(P.mapServerFieldErrors({ detail: 'Bad request' }), { fields: {}, general: ['Bad request'] });
  assert.deepEqual(P.mapServerFieldErrors(null), { fields: {}, general: [] });
});

test('start state machine allows only the documented transitions', () => {
  const allowed = [
    ['idle', 'submitting'], ['submitting', 'opening'], ['opening', 'open'],
    ['submitting', 'failed'], ['failed', 'submitting'], ['submitting', 'idle'],
    ['open', 'idle'], ['idle', 'opening'], ['failed', 'idle'],
  ];
  for (const [from, to] of allowed) assert.equal(P.canTransition(from, to), true, `${from} -> ${to}`);
  const forbidden = [
    ['idle', 'open'], ['submitting', 'open'], ['submitting', 'submitting'], ['open', 'submitting'],
    ['failed', 'open'], ['idle', 'failed'], ['nope', 'idle'],
  ];
  for (const [from, to] of forbidden) assert.equal(P.canTransition(from, to), false, `${from} -> ${to}`);
});

test('Retry-After is honoured with a 1 s default and a 10 s cap', () => {
  assert.equal(P.retryAfterMs(null), 1000);
  assert.equal(P.retryAfterMs(''), 1000);
  assert.equal(P.retryAfterMs('2'), 2000);
  assert.equal(P.retryAfterMs('0.5'), 500);
  assert.equal(P.retryAfterMs('120'), 10000);
  assert.equal(P.retryAfterMs('garbage'), 1000);
  const now = Date.parse('2024-01-01T00:00:00Z');
  assert.equal(P.retryAfterMs('Mon, 01 Jan 2024 00:00:03 GMT', now), 3000);
  assert.equal(P.retryAfterMs('Mon, 01 Jan 2023 00:00:03 GMT', now), 0);
});

test('socket backoff grows exponentially with jitter and is capped', () => {
  assert.equal(P.backoffDelay(0, () => 0), 250);
  assert.equal(P.backoffDelay(0, () => 1), 500);
  assert.equal(P.backoffDelay(3, () => 1), 4000);
  assert.equal(P.backoffDelay(10, () => 1), 15000);
  assert.equal(P.backoffDelay(1000, () => 0), 7500);
  for (let attempt = 0; attempt < 40; attempt++) {
    const delay = P.backoffDelay(attempt);
    assert.ok(delay >= 250 && delay <= 15000, `attempt ${attempt}: ${delay}`);
  }
});

test('endpoints are derived from the script URL', () => {
  assert.deepEqual(P.deriveEndpoints('http://host:8080/chat/sdk.js'), {
    apiBase: 'http://host:8080/chat/api/v1/', wsUrl: 'ws://host:8080/chat/ws',
  });
  assert.deepEqual(P.deriveEndpoints('https://example.com/chat/sdk.js?v=3#x'), {
    apiBase: 'https://example.com/chat/api/v1/', wsUrl: 'wss://example.com/chat/ws',
  });
  assert.equal(P.storageKeys('abc').contactToken, 'parley.abc.contactToken');
});

test('UUIDs are RFC 4122 v4, also without crypto.randomUUID (insecure contexts)', () => {
  const pattern = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
  assert.match(P.createUuid(), pattern);
  const insecure = { getRandomValues: (bytes) => globalThis.crypto.getRandomValues(bytes) };
  const ids = new Set(Array.from({ length: 100 }, () => P.createUuid(insecure)));
  assert.equal(ids.size, 100);
  for (const id of ids) assert.match(id, pattern);
  assert.match(P.createUuid(null), pattern);
});

test('an Idempotency-Key is kept for one attempt and replaced only after release', () => {
  const storage = P.createMemoryStorage();
  let counter = 0;
  const keeper = P.createIdempotencyKeeper(storage, 'k', () => `uuid-${++counter}`);
  const body = { name: 'Ann', email: 'ann@example.com', message: 'Hi' };

  const first = keeper.acquire(body);
  assert.equal(first, 'uuid-1');
  assert.equal(keeper.acquire(body), first, 'automatic and manual retries reuse the key');
  assert.equal(JSON.parse(storage.get('k')).key, first, 'persisted in sessionStorage');

  const afterReload = P.createIdempotencyKeeper(storage, 'k', () => `uuid-${++counter}`);
  assert.equal(afterReload.acquire(body), first, 'same body after a reload reuses the stored key');
  assert.equal(afterReload.acquire({ ...body, message: 'Edited' }), 'uuid-2', 'different body, new key');

  keeper.release();
  assert.equal(storage.get('k'), null);
  assert.equal(keeper.acquire(body), 'uuid-3', 'after success or an edit a new key is generated');
  assert.equal(keeper.renew(body), 'uuid-4');
});

test('message store dedupes by id and echoId and keeps ascending order', () => {
  const store = new P.MessageStore();
  const pending = store.addPending({ echoId: 'e-1', content: 'hello' });
  assert.equal(pending.id, null);
  assert.equal(store.lastId(), 0);

  assert.equal(store.upsert({ id: 5, sender: 'AGENT', content: 'a' }).action, 'added');
  assert.equal(store.upsert({ id: 3, sender: 'CONTACT', content: 'first' }).action, 'added');

  // The WebSocket copy of the optimistic message arrives first ...
  const viaSocket = store.upsert({ id: 7, sender: 'CONTACT', content: 'hello', echoId: 'e-1' });
  assert.equal(viaSocket.action, 'reconciled');
  assert.equal(viaSocket.entry, pending);
  assert.equal(pending.id, 7);
  assert.equal(pending.status, 'sent');
  // ... then the POST response: never shown twice.
  assert.equal(store.upsert({ id: 7, sender: 'CONTACT', content: 'hello', echoId: 'e-1' }).action, 'duplicate');
  // A different id with the same echoId is also a duplicate.
  assert.equal(store.upsert({ id: 9, sender: 'CONTACT', content: 'hello', echoId: 'e-1' }).action, 'duplicate');

  assert.deepEqual(store.entries().map((e) => e.id), [3, 5, 7]);
  assert.equal(store.lastId(), 7);
  assert.equal(store.nextIdAfter(3), 5);
  assert.equal(store.nextIdAfter(4), 5);
  assert.equal(store.nextIdAfter(7), null);
  assert.equal(store.get('5').content, 'a');

  assert.equal(store.upsert({ id: 6, sender: 'weird', content: '<b>x</b>' }).entry.sender, 'SYSTEM');
  const removed = store.retainIds([3, 6, 7]);
  assert.deepEqual(removed.map((e) => e.id), [5]);
  assert.deepEqual(store.entries().map((e) => e.id), [3, 6, 7]);

  const later = store.addPending({ echoId: 'e-2', content: 'later' });
  assert.deepEqual(store.entries().map((e) => e.id ?? e.echoId), [3, 6, 7, 'e-2']);
  assert.equal(store.pending[0], later);
  store.clear();
  assert.deepEqual(store.entries(), []);
});

test('resolved statuses and id comparison', () => {
  assert.equal(P.isResolvedStatus('RESOLVED'), true);
  assert.equal(P.isResolvedStatus('resolved'), true);
  assert.equal(P.isResolvedStatus('OPEN'), false);
  assert.equal(P.sameId(12, '12'), true);
  assert.equal(P.sameId(null, null), false);
  assert.equal(P.sameId(1, 2), false);
});
