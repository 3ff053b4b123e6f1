/**
 * The pre-chat form's rules: trimming, client validation with the same rules as the server's
 * PreChatForm (so its 400 field errors stay the exception), and mapping a problem+json body
 * back onto the form fields.
 */

import { LIMITS } from './constants.js';

const EMAIL_PATTERN = /^[^@\s]{1,64}@[^@\s]+\.[^@\s.]{2,}$/;
// Java's Character.isISOControl; the message may contain tabs and line breaks.
export const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/;
const CONTROL_CHARS_EXCEPT_WHITESPACE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

export function isValidEmail(value) {
  const text = String(value || '');
  return text.length <= LIMITS.emailMax && EMAIL_PATTERN.test(text);
}

export function normalizePrechat(raw) {
  return {
    name: String((raw && raw.name) ?? '').trim(),
    email: String((raw && raw.email) ?? '').trim(),
    message: String((raw && raw.message) ?? '').trim(),
  };
}

/** Returns {field: messageKey} for every invalid field; an empty object means valid. */
export function validatePrechat(values) {
  const errors = {};
  if (!values.name) errors.name = 'nameRequired';
  else if (values.name.length > LIMITS.nameMax) errors.name = 'nameTooLong';
  else if (CONTROL_CHARS.test(values.name)) errors.name = 'controlCharacters';
  if (!values.email) errors.email = 'emailRequired';
  else if (!isValidEmail(values.email)) errors.email = 'emailInvalid';
  const messageError = validateMessageContent(values.message);
  if (messageError) errors.message = messageError;
  return errors;
}

/** Also used by the composer: returns a text key, or null when the content may be sent. */
export function validateMessageContent(content) {
  if (!content) return 'messageRequired';
  if (content.length > LIMITS.messageMax) return 'messageTooLong';
  if (CONTROL_CHARS_EXCEPT_WHITESPACE.test(content)) return 'controlCharacters';
  return null;
}

const FIELD_ALIASES = Object.freeze({
  name: 'name', email: 'email', message: 'message', content: 'message', firstMessage: 'message',
});

/**
 * Splits a problem+json body into errors for known form fields and general messages.
 * Field paths such as "create.request.email" are matched on their last segment.
 */
export function mapServerFieldErrors(problem) {
  const fields = {};
  const general = [];
  const list = problem && Array.isArray(problem.errors) ? problem.errors : [];
  for (const item of list) {
    const path = String((item && item.field) ?? '');
    const field = FIELD_ALIASES[path.split('.').pop()];
    const message = String((item && item.message) ?? '');
    if (field && !(field in fields)) fields[field] = message;
    else if (message) general.push(message);
  }
  if (!list.length && problem && problem.detail) general.push(String(problem.detail));
  return { fields, general };
}
