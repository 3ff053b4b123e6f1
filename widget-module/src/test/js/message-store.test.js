// Unit tests for src/main/js/message-store.js. Run: node --test (in this directory)
import test from 'node:test';
import assert from 'node:assert/strict';

import { MessageStore } from '../../main/js/message-store.js';

test('message store dedupes by id and echoId and keeps ascending order', () => {
  const store = new MessageStore();
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
