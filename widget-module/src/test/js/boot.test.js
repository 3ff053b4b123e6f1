// Unit tests for src/main/js/boot.js. Run: node --test (in this directory)
import test from 'node:test';
import assert from 'node:assert/strict';

import { deriveEndpoints } from '../../main/js/boot.js';
import { storageKeys } from '../../main/js/storage.js';

test('endpoints are derived from the script URL', () => {
  assert.deepEqual(deriveEndpoints('http://host:8080/chat/sdk.js'), {
    apiBase: 'http://host:8080/chat/api/v1/', wsUrl: 'ws://host:8080/chat/ws',
  });
  assert.deepEqual(deriveEndpoints('https://example.com/chat/sdk.js?v=3#x'), {
    apiBase: 'https://example.com/chat/api/v1/', wsUrl: 'wss://example.com/chat/ws',
  });
  assert.equal(storageKeys('abc').contactToken, 'parley.abc.contactToken');
});
