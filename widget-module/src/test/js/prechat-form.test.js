// Unit tests for src/main/js/prechat-form.js. Run: node --test (in this directory)
import test from 'node:test';
import assert from 'node:assert/strict';

import {
  normalizePrechat, validatePrechat, validateMessageContent, isValidEmail, mapServerFieldErrors,
} from '../../main/js/prechat-form.js';

test('pre-chat validation mirrors the server rules', () => {
  const valid = normalizePrechat({ name: ' Ann ', email: 'ann@example.com', message: 'Hi' });
  assert.deepEqual(valid, { name: 'Ann', email: 'ann@example.com', message: 'Hi' });
  assert.deepEqual(validatePrechat(valid), {});

  assert.deepEqual(validatePrechat(normalizePrechat({})), {
    name: 'nameRequired', email: 'emailRequired', message: 'messageRequired',
  });
  assert.deepEqual(validatePrechat(normalizePrechat({ name: '   ', email: 'x', message: '  ' })), {
    name: 'nameRequired', email: 'emailInvalid', message: 'messageRequired',
  });
  const long = { name: 'a'.repeat(201), email: 'a@b.co', message: 'm'.repeat(10001) };
  assert.deepEqual(validatePrechat(long), { name: 'nameTooLong', message: 'messageTooLong' });
  const limit = { name: 'a'.repeat(200), email: 'a@b.co', message: 'm'.repeat(10000) };
  assert.deepEqual(validatePrechat(limit), {});

  // Same pattern as the server's PreChatForm: local part <= 64, a dot, a TLD of 2+ characters, <= 320 in total.
  for (const bad of ['plain', 'a@b', 'a b@c.d', '@c.d', 'a@.', 'a@b.c', 'a@@b.co', `${'l'.repeat(65)}@b.co`,
    `a@${'d'.repeat(320)}.co`]) assert.equal(isValidEmail(bad), false, bad);
  for (const good of ['a@b.co', 'first.last+tag@sub.example.org', `${'l'.repeat(64)}@b.co`]) {
    assert.equal(isValidEmail(good), true, good);
  }

  // Control characters are rejected like on the server; the message may contain line breaks and tabs.
  assert.deepEqual(validatePrechat({ name: 'A\u0007nn', email: 'a@b.co', message: 'line 1\n\tline 2\r\n' }),
    { name: 'controlCharacters' });
  assert.equal(validateMessageContent('bell\u0007'), 'controlCharacters');
  assert.equal(validateMessageContent('c1\u0085'), 'controlCharacters');
  assert.equal(validateMessageContent('ok\nfine'), null);
});

test('server field errors are mapped to form fields by their last path segment', () => {
  const mapped = mapServerFieldErrors({
    errors: [
      { field: 'email', message: 'must be a well-formed email address' },
      { field: 'create.request.name', message: 'size must be between 1 and 200' },
      { field: 'content', message: 'too long' },
      { field: 'somethingElse', message: 'odd' },
    ],
  });
  assert.deepEqual(mapped.fields, {
    email: 'must be a well-formed email address', name: 'size must be between 1 and 200', message: 'too long',
  });
  assert.deepEqual(mapped.general, ['odd']);
  assert.deepEqual(mapServerFieldErrors({ detail: 'Bad request' }), { fields: {}, general: ['Bad request'] });
  assert.deepEqual(mapServerFieldErrors(null), { fields: {}, general: [] });
});
