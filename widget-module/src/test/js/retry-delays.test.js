// Unit tests for src/main/js/retry-delays.js. Run: node --test (in this directory)
import test from 'node:test';
import assert from 'node:assert/strict';

import { retryAfterMs, backoffDelay } from '../../main/js/retry-delays.js';

test('Retry-After is honoured with a 1 s default and a 10 s cap', () => {
  assert.equal(retryAfterMs(null), 1000);
  assert.equal(retryAfterMs(''), 1000);
  assert.equal(retryAfterMs('2'), 2000);
  assert.equal(retryAfterMs('0.5'), 500);
  assert.equal(retryAfterMs('120'), 10000);
  assert.equal(retryAfterMs('garbage'), 1000);
  const now = Date.parse('2024-01-01T00:00:00Z');
  assert.equal(retryAfterMs('Mon, 01 Jan 2024 00:00:03 GMT', now), 3000);
  assert.equal(retryAfterMs('Mon, 01 Jan 2023 00:00:03 GMT', now), 0);
});

test('socket backoff grows exponentially with jitter and is capped', () => {
  assert.equal(backoffDelay(0, () => 0), 250);
  assert.equal(backoffDelay(0, () => 1), 500);
  assert.equal(backoffDelay(3, () => 1), 4000);
  assert.equal(backoffDelay(10, () => 1), 15000);
  assert.equal(backoffDelay(1000, () => 0), 7500);
  for (let attempt = 0; attempt < 40; attempt++) {
    const delay = backoffDelay(attempt);
    assert.ok(delay >= 250 && delay <= 15000, `attempt ${attempt}: ${delay}`);
  }
});
