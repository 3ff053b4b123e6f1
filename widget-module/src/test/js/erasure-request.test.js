// Unit tests for src/main/js/erasure-request.js: the request carries the contact token, and every answer maps to
// what the visitor is told; the erasureRequest setting is off unless clearly switched on.
import test from 'node:test';
import assert from 'node:assert/strict';

import { createErasureRequest, erasureText } from '../../main/js/erasure-request.js';
import { readSettings } from '../../main/js/settings.js';

function fakeWidget(answer, token = 'contact-token') {
  const sent = [];
  const widget = {
    contact: { token: () => token },
    http: {
      async request(path, options) {
        sent.push({ path, ...options });
        if (answer instanceof Error) throw answer;
        return { status: answer, headers: new Map(), data: null };
      },
    },
  };
  return { widget, sent };
}

test('a filed or pending request is sent with the contact token', async () => {
  for (const status of [201, 200]) {
    const { widget, sent } = fakeWidget(status);
    assert.equal(await createErasureRequest(widget).send(), 'sent');
    assert.deepEqual(sent, [{ path: 'erasure-requests', method: 'POST', token: 'contact-token' }]);
  }
});

test('a website that does not take requests, a limit, an error and a network failure each say so', async () => {
  assert.equal(await createErasureRequest(fakeWidget(404).widget).send(), 'unavailable');
  assert.equal(await createErasureRequest(fakeWidget(429).widget).send(), 'limited');
  assert.equal(await createErasureRequest(fakeWidget(503).widget).send(), 'failed');
  assert.equal(await createErasureRequest(fakeWidget(new Error('offline')).widget).send(), 'failed');
});

test('without a contact token nothing is sent', async () => {
  const { widget, sent } = fakeWidget(201, null);
  assert.equal(await createErasureRequest(widget).send(), 'failed');
  assert.equal(sent.length, 0);
});

test('each outcome has its text', () => {
  assert.equal(erasureText('sent'), 'erasureSent');
  assert.equal(erasureText('unavailable'), 'erasureUnavailable');
  assert.equal(erasureText('limited'), 'rateLimited');
  assert.equal(erasureText('failed'), 'erasureFailed');
});

test('erasureRequest is off by default and on only when clearly asked for', () => {
  assert.equal(readSettings(null, {}).erasureRequest, false);
  assert.equal(readSettings(null, { erasureRequest: true }).erasureRequest, true);
  assert.equal(readSettings(null, { erasureRequest: 'maybe' }).erasureRequest, false);
  const script = { getAttribute: (name) => (name === 'data-erasure-request' ? 'true' : null) };
  assert.equal(readSettings(script, {}).erasureRequest, true);
});
