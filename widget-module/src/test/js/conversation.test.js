// Unit tests for src/main/js/conversation.js. Run: node --test (in this directory)
import test from 'node:test';
import assert from 'node:assert/strict';

import { isResolvedStatus, sameId } from '../../main/js/conversation.js';

test('resolved statuses and id comparison', () => {
  assert.equal(isResolvedStatus('RESOLVED'), true);
  assert.equal(isResolvedStatus('resolved'), true);
  assert.equal(isResolvedStatus('OPEN'), false);
  assert.equal(sameId(12, '12'), true);
  assert.equal(sameId(null, null), false);
  assert.equal(sameId(1, 2), false);
});
