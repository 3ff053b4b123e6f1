// The gap sync after a reconnect, with the real socket.js, messages.js and message-store.js over a
// fake WebSocket and a scripted server. Run: node --test (in this directory)
import test from 'node:test';
import assert from 'node:assert/strict';

import { createSocket } from '../../main/js/socket.js';
import { createMessages } from '../../main/js/messages.js';
import { MessageStore } from '../../main/js/message-store.js';
import { listen } from './events-helper.js';

class FakeWebSocket {
  static opened = [];

  constructor(url) {
    this.url = url;
    this.readyState = 0;
    this.sent = [];
    this.listeners = {};
    FakeWebSocket.opened.push(this);
    queueMicrotask(() => { this.readyState = 1; this.emit('open', {}); });
  }

  addEventListener(type, listener) {
    (this.listeners[type] ||= []).push(listener);
  }

  emit(type, event) {
    (this.listeners[type] || []).forEach((listener) => listener(event));
  }

  send(data) {
    this.sent.push(JSON.parse(data));
  }

  /** The server's side: a frame to the widget. */
  frame(payload) {
    this.emit('message', { data: JSON.stringify(payload) });
  }

  /** The connection drops (or the widget closes it). */
  close(code = 1006, reason = '') {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.emit('close', { code, reason });
  }
}

function deferred() {
  let resolve;
  const promise = new Promise((r) => { resolve = r; });
  return { promise, resolve };
}

async function until(condition, what) {
  for (let i = 0; i < 400; i++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  assert.fail(`timed out waiting for ${what}`);
}

/** A conversation on a scripted server, and a widget made of the real socket, messages and store. */
function harness() {
  listen('parley:message');
  globalThis.WebSocket = FakeWebSocket;
  FakeWebSocket.opened = [];
  const server = { messages: [{ id: 1, sender: 'CONTACT', content: 'Can I return a cactus?' }], nextId: 2 };
  const requests = [];
  const held = [];
  const rendered = [];
  let composer = '';
  const add = (sender, content, echoId = null) => {
    const message = { id: server.nextId++, conversationId: 7, sender, content, echoId };
    server.messages.push(message);
    return message;
  };
  const store = new MessageStore();
  const widget = {
    store,
    t: (key) => key,
    endpoints: { wsUrl: 'ws://parley.test/chat/ws' },
    contact: {
      token: () => 'tok', ensure: async () => 'tok', setContactId() {}, handleInvalidToken: () => assert.fail('token refused'),
    },
    conversation: { id: () => 7, restoreCurrent: () => assert.fail('no restore expected') },
    start: { state: () => 'open' },
    unread: { add() {} },
    typing: { stop() {} },
    view: {
      showConnectionStatus() {}, hideTyping() {}, announce() {}, isOpen: () => true,
      composerText: () => composer, clearComposer() { composer = ''; }, setComposerError() {}, composerErrorText: () => '',
    },
    messageList: {
      render: (entry) => rendered.push({ id: entry.id, content: entry.content }),
      remove() {}, isNearBottom: () => true, scrollToBottom() {},
    },
    http: {
      async request(path, options = {}) {
        const method = options.method || 'GET';
        requests.push(`${method} ${path}`);
        if (method === 'POST') {
          const message = add('CONTACT', options.body.content, options.body.echoId);
          return { status: 201, headers: new Map(), data: message };
        }
        const after = Number(new URLSearchParams(path.split('?')[1]).get('after'));
        const gate = held.shift();
        if (gate) await gate.promise;
        return { status: 200, headers: new Map(), data: server.messages.filter((message) => message.id > after) };
      },
    },
  };
  widget.socket = createSocket(widget);
  widget.messages = createMessages(widget);
  const type = (text) => { composer = text; widget.messages.send(); };
  return { widget, store, server, add, requests, held, rendered, type };
}

test('after a reconnect the gap sync starts below the own message that was answered while the socket was down', async () => {
  const { widget, store, add, requests, held, rendered, type } = harness();
  widget.messages.render([{ id: 1, conversationId: 7, sender: 'CONTACT', content: 'Can I return a cactus?' }], 7, { history: true });
  widget.socket.connect();
  const first = FakeWebSocket.opened[0];
  await until(() => first.sent.length === 1, 'the hello frame');
  first.frame({ type: 'ready', contactId: 3 });
  await until(() => requests.includes('GET conversations/7/messages?after=1'), 'the sync after the first ready');
  await until(() => store.syncedThrough() === 1, 'the first sync');

  first.close(1006);
  add('AGENT', 'Yes, within 30 days.');
  add('AGENT', 'Just keep the receipt.');
  type('Great, thanks!');
  await until(() => store.get(4) != null, 'the answer to the visitor\'s own message');
  assert.equal(store.syncedThrough(), 1, 'an own message answered while the socket is down does not move the cursor');

  const sync = deferred();
  held.push(sync);
  await until(() => FakeWebSocket.opened.length === 2, 'the reconnect');
  const second = FakeWebSocket.opened[1];
  await until(() => second.sent.length === 1, 'the second hello');
  second.frame({ type: 'ready', contactId: 3 });
  await until(() => requests.filter((r) => r.startsWith('GET')).length === 2, 'the sync after the second ready');
  assert.equal(requests.at(-1), 'GET conversations/7/messages?after=1', 'the sync asks for everything after the last gapless id');
  // A live frame of a newer message on the new socket before the sync has answered.
  second.frame({ type: 'message.created', conversationId: 7, message: add('AGENT', 'Anything else?') });
  assert.equal(store.syncedThrough(), 1, 'a live frame before the resync answered does not move the cursor');
  sync.resolve();

  await until(() => store.syncedThrough() === 5, 'the resync');
  assert.deepEqual(store.entries().map((entry) => [entry.id, entry.content]), [
    [1, 'Can I return a cactus?'], [2, 'Yes, within 30 days.'], [3, 'Just keep the receipt.'], [4, 'Great, thanks!'],
    [5, 'Anything else?'],
  ]);
  const shownWithId = rendered.filter((row) => row.id != null).map((row) => row.id);
  assert.deepEqual(shownWithId, [1, 4, 5, 2, 3], 'each server copy rendered once (the pending bubble became 4)');
  assert.deepEqual(requests.filter((r) => r.startsWith('POST')), ['POST conversations/7/messages']);

  // In sync now: a live frame moves the cursor, so the next sync starts after it.
  second.frame({ type: 'message.created', conversationId: 7, message: add('AGENT', 'Bye!') });
  assert.equal(store.syncedThrough(), 6);
  widget.socket.disconnect();
});
