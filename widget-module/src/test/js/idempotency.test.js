// Unit tests for src/main/js/idempotency.js. Run: node --test (in this directory)
import test from 'node:test';
import assert from 'node:assert/strict';

import { createUuid, createIdempotencyKeeper } from '../../main/js/idempotency.js';
import { createMemoryStorage } from '../../main/js/storage.js';

test('UUIDs are RFC 4122 v4, also without crypto.randomUUID (insecure contexts)', () => {
  const pattern = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
  assert.match(createUuid(), pattern);
  const insecure = { getRandomValues: (bytes) => globalThis.crypto.getRandomValues(bytes) };
  const ids = new Set(Array.from({ length: 100 }, () => createUuid(insecure)));
  assert.equal(ids.size, 100);
  for (const id of ids) assert.match(id, pattern);
  assert.match(createUuid(null), pattern);
});

test('an Idempotency-Key is kept for one attempt and replaced only after release', () => {
  const storage = createMemoryStorage();
  let counter = 0;
  const keeper = createIdempotencyKeeper(storage, 'k', () => `uuid-${++counter}`);
  const body = { name: 'Ann', email: 'ann@example.com', message: 'Hi' };

  const first = keeper.acquire(body);
  assert.equal(first, 'uuid-1');
  assert.equal(keeper.acquire(body), first, 'automatic and manual retries reuse the key');
  assert.equal(JSON.parse(storage.get('k')).key, first, 'persisted in sessionStorage');

  const afterReload = createIdempotencyKeeper(storage, 'k', () => `uuid-${++counter}`);
  assert.equal(afterReload.acquire(body), first, 'same body after a reload reuses the stored key');
  assert.equal(afterReload.acquire({ ...body, message: 'Edited' }), 'uuid-2', 'different body, new key');

  keeper.release();
  assert.equal(storage.get('k'), null);
  assert.equal(keeper.acquire(body), 'uuid-3', 'after success or an edit a new key is generated');
  assert.equal(keeper.renew(body), 'uuid-4');
});
