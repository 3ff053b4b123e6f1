// Unit tests for src/main/js/command-queue.js. Run: node --test (in this directory)
import test from 'node:test';
import assert from 'node:assert/strict';

import { queuedCalls, replayCalls, invokeMethod } from '../../main/js/command-queue.js';

/** The embed snippet's stub, exactly as docs/WIDGET.md prints it. */
function snippetStub() {
  const window = {};
  window.Parley = window.Parley || function () { (window.Parley.q = window.Parley.q || []).push(arguments); };
  return window.Parley;
}

test('calls queued by the snippet replay in the order they were made', () => {
  const Parley = snippetStub();
  Parley('setUser', 'u-42', { identifierHash: 'ab' });
  Parley('open');
  Parley('setLocale', 'zh-CN');
  Parley(); // not a call: skipped
  const seen = [];
  const api = {
    setUser: (...args) => seen.push(['setUser', ...args]),
    open: () => seen.push(['open']),
    setLocale: (locale) => seen.push(['setLocale', locale]),
  };
  replayCalls(api, queuedCalls(Parley));
  assert.deepEqual(seen, [['setUser', 'u-42', { identifierHash: 'ab' }], ['open'], ['setLocale', 'zh-CN']]);
});

test('a failing or unknown call warns and the later calls still run', (t) => {
  t.mock.method(console, 'warn', () => {});
  const seen = [];
  const api = { reset: () => { throw new Error('boom'); }, close: () => seen.push('close') };
  replayCalls(api, [['reset', []], ['toString', []], ['nope', []], ['close', []]]);
  assert.deepEqual(seen, ['close']);
  assert.equal(console.warn.mock.callCount(), 3);
  assert.deepEqual(queuedCalls(undefined), []);
  assert.deepEqual(queuedCalls({ q: 'not a list' }), []);
});

test('Parley("unreadCount") answers like Parley.unreadCount()', () => {
  assert.equal(invokeMethod({ unreadCount: () => 3 }, 'unreadCount', []), 3);
});
