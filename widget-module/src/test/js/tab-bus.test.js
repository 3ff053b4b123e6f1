// Unit tests for src/main/js/tab-bus.js and cross-tab.js. Run: node --test (in this directory)
import test from 'node:test';
import assert from 'node:assert/strict';

import { createTabBus } from '../../main/js/tab-bus.js';
import { createCrossTabSync } from '../../main/js/cross-tab.js';
import { createMemoryStorage } from '../../main/js/storage.js';

/** BroadcastChannel as browsers do it: every other instance with the same name receives a structured copy. */
function fakeBroadcastChannels() {
  const open = new Set();
  return class FakeBroadcastChannel {
    constructor(name) { this.name = name; this.onmessage = null; open.add(this); }
    postMessage(data) {
      for (const other of open) {
        if (other !== this && other.name === this.name && other.onmessage) other.onmessage({ data: structuredClone(data) });
      }
    }
    close() { open.delete(this); }
  };
}

/** localStorage shared by tabs: a write shows up in the other tabs as a storage event. */
function sharedStorage() {
  const tabs = [];
  const memory = createMemoryStorage();
  const storageFor = (tab) => ({
    get: memory.get,
    set(key, value) {
      const oldValue = memory.get(key);
      memory.set(key, value);
      tabs.filter((other) => other !== tab).forEach((other) => other.onStorage({ key, oldValue, newValue: String(value) }));
    },
    remove(key) {
      const oldValue = memory.get(key);
      memory.remove(key);
      tabs.filter((other) => other !== tab).forEach((other) => other.onStorage({ key, oldValue, newValue: null }));
    },
  });
  return { tabs, storageFor };
}

test('with BroadcastChannel: other tabs get each message once, the sender never', () => {
  const Channel = fakeBroadcastChannels();
  const local = createMemoryStorage();
  const received = { a: [], b: [], c: [] };
  const a = createTabBus({ name: 'parley.w.bus', local, Channel, onMessage: (m) => received.a.push(m) });
  const b = createTabBus({ name: 'parley.w.bus', local, Channel, onMessage: (m) => received.b.push(m) });
  createTabBus({ name: 'parley.other.bus', local, Channel, onMessage: (m) => received.c.push(m) });
  a.post({ type: 'opened' });
  assert.equal(a.usesChannel(), true);
  assert.deepEqual(received.a, []);
  assert.deepEqual(received.c, [], 'another website token is another channel');
  assert.equal(received.b.length, 1);
  assert.equal(received.b[0].type, 'opened');
  // The same envelope again (e.g. a storage echo) is not handled twice.
  b.onStorage({ key: 'parley.w.bus', newValue: JSON.stringify(received.b[0]) });
  assert.equal(received.b.length, 1);
  assert.equal(local.get('parley.w.bus'), null, 'nothing written to storage when the channel works');
});

test('without BroadcastChannel: the storage event carries the message, the removal is ignored', () => {
  const { tabs, storageFor } = sharedStorage();
  const received = { a: [], b: [] };
  const make = (id) => {
    const tab = {};
    tab.bus = createTabBus({ name: 'parley.w.bus', local: storageFor(tab), Channel: undefined, onMessage: (m) => received[id].push(m) });
    tab.onStorage = tab.bus.onStorage;
    tabs.push(tab);
    return tab;
  };
  const a = make('a');
  make('b');
  a.bus.post({ type: 'reset' });
  assert.equal(a.bus.usesChannel(), false);
  assert.deepEqual(received.b.map((m) => m.type), ['reset']);
  assert.deepEqual(received.a, []);
});

function fakeWidget(calls, { token = 'tok-1', view = 'prechat', state = 'idle', conversationId = null } = {}) {
  let currentToken = token;
  return {
    keys: { contactToken: 'parley.w.contactToken', conversationId: 'parley.w.conversationId', unread: 'parley.w.unread' },
    tabs: { onStorage: () => {} },
    unread: { onStorage: (event) => calls.push(['unread.onStorage', event.key]) },
    contact: {
      token: () => currentToken,
      followOtherTab: (next) => { currentToken = next; calls.push(['followOtherTab', next]); },
      handleInvalidToken: () => calls.push(['handleInvalidToken']),
    },
    socket: { reconnect: () => calls.push(['reconnect']) },
    view: {
      current: () => view,
      open: (options) => calls.push(['open', options]),
      close: (options) => calls.push(['close', options]),
    },
    start: { state: () => state },
    conversation: {
      id: () => conversationId,
      adopt: (conversation) => calls.push(['adopt', conversation.id]),
      restoreCurrent: () => calls.push(['restoreCurrent']),
      resetToPrechat: () => calls.push(['resetToPrechat']),
    },
    identity: { forgetDevice: (options) => calls.push(['forgetDevice', options]) },
  };
}

test('a start in another tab is adopted from the message, with no request of this tab', () => {
  const calls = [];
  const sync = createCrossTabSync(fakeWidget(calls, { token: null }));
  sync.onTabMessage({ type: 'conversation-started', conversation: { id: 7, status: 'OPEN', messages: [] }, token: 'tok-2' });
  assert.deepEqual(calls, [['followOtherTab', 'tok-2'], ['reconnect'], ['adopt', 7]]);
  calls.length = 0;
  // The storage event with the same token, arriving after the message, changes nothing more.
  sync.onStorage({ key: 'parley.w.contactToken', oldValue: null, newValue: 'tok-2' });
  assert.deepEqual(calls, [['unread.onStorage', 'parley.w.contactToken']]);
});

test('open, close and reset from another tab are followed without being sent back', () => {
  const calls = [];
  const sync = createCrossTabSync(fakeWidget(calls));
  sync.onTabMessage({ type: 'opened' });
  sync.onTabMessage({ type: 'closed' });
  sync.onTabMessage({ type: 'reset' });
  sync.onTabMessage({ type: 'from-a-newer-version' });
  assert.deepEqual(calls, [
    ['open', { fromOtherTab: true }], ['close', { fromOtherTab: true }], ['forgetDevice', { broadcast: false }],
  ]);
});

test('storage fallback: a new conversation id elsewhere restores it, a removed token resets this tab', () => {
  const calls = [];
  const sync = createCrossTabSync(fakeWidget(calls, { conversationId: 3 }));
  sync.onStorage({ key: 'parley.w.conversationId', oldValue: '3', newValue: '4' });
  sync.onStorage({ key: 'parley.w.conversationId', oldValue: '4', newValue: '3' });
  sync.onStorage({ key: 'parley.w.contactToken', oldValue: 'tok-1', newValue: null });
  assert.deepEqual(calls.filter(([name]) => name !== 'unread.onStorage'), [['restoreCurrent'], ['handleInvalidToken']]);
});
