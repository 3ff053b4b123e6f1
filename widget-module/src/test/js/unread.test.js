// Unit tests for src/main/js/unread.js. Run: node --test (in this directory)
import test from 'node:test';
import assert from 'node:assert/strict';

import { createUnread, parseUnreadIds } from '../../main/js/unread.js';
import { listen } from './events-helper.js';
import { createMemoryStorage, storageKeys } from '../../main/js/storage.js';


function tab(local) {
  const rendered = [];
  const widget = { local, keys: storageKeys('w'), view: { renderUnread: (count) => rendered.push(count) } };
  return { unread: createUnread(widget), rendered };
}

test('a message counts once however many tabs got it; parley:unread fires on each change with {count}', () => {
  const events = listen('parley:unread');
  try {
    const local = createMemoryStorage();
    const a = tab(local);
    const b = tab(local);
    a.unread.add(11);
    b.unread.add(11); // the same agent message over the second tab's socket
    b.unread.add(12);
    a.unread.onStorage({ key: 'parley.w.unread' });
    assert.equal(a.unread.count(), 2);
    assert.equal(b.unread.count(), 2);
    a.unread.clear();
    b.unread.onStorage({ key: 'parley.w.unread' });
    assert.equal(b.unread.count(), 0);
    assert.equal(local.get('parley.w.unread'), null);
    assert.deepEqual(events.details, [{ count: 1 }, { count: 1 }, { count: 2 }, { count: 2 }, { count: 0 }, { count: 0 }]);
    assert.deepEqual(a.rendered, [1, 2, 0]);
  } finally {
    events.stop();
  }
});

test('a reload starts from the stored count; garbage in storage counts as nothing', () => {
  const local = createMemoryStorage();
  local.set('parley.w.unread', '["5","6"]');
  assert.equal(tab(local).unread.count(), 2);
  assert.deepEqual(parseUnreadIds('{"x":1}'), []);
  assert.deepEqual(parseUnreadIds('not json'), []);
  assert.deepEqual(parseUnreadIds('[1,"2",null,{}]'), ['1', '2']);
});
