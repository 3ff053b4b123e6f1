/**
 * Who the visitor is, as the website says: Parley.setUser with a server-computed identifierHash,
 * and Parley.reset on logout, which forgets this device's token, conversation, unread state and
 * stored keys in every tab, so the next person on a shared computer starts as a new visitor.
 */

import { IDENTIFIER_MAX } from './constants.js';
import { dispatchError } from './platform.js';
import { CONTROL_CHARS } from './prechat-form.js';
import { IdentityRejectedError } from './contact-session.js';
import { NetworkError, UnavailableError, HttpError } from './http-client.js';

/** The setUser arguments as the request body, or the reason they cannot be sent. */
export function validateUser(identifier, options) {
  const id = typeof identifier === 'number' ? String(identifier) : identifier;
  if (typeof id !== 'string' || !id.trim()) return { error: 'setUser(identifier, {identifierHash}) needs an identifier' };
  if (id.length > IDENTIFIER_MAX) return { error: `the identifier can be at most ${IDENTIFIER_MAX} characters` };
  if (CONTROL_CHARS.test(id)) return { error: 'the identifier contains control characters' };
  const { identifierHash, name, email } = options && typeof options === 'object' ? options : {};
  if (typeof identifierHash !== 'string' || !identifierHash.trim()) {
    return { error: 'setUser needs the identifierHash your server computed: hex(HMAC-SHA256(secret, identifier))' };
  }
  const user = { identifier: id, identifierHash: identifierHash.trim() };
  if (typeof name === 'string' && name.trim()) user.name = name.trim();
  if (typeof email === 'string' && email.trim()) user.email = email.trim();
  return { user };
}

export function createIdentity(widget) {
  /** Resolves to true once the identity is in place; refusals become parley:error, never a rejection. */
  function setUser(identifier, options) {
    const { user, error } = validateUser(identifier, options);
    if (error) {
      dispatchError('invalid-argument', error);
      return Promise.resolve(false);
    }
    return widget.contact.setUser(user).then(() => true, (err) => {
      if (err instanceof IdentityRejectedError) dispatchError('identity-rejected', err.message);
      else if (err instanceof UnavailableError) dispatchError('unavailable', err.message);
      else if (err instanceof NetworkError) dispatchError('network', err.message);
      else if (err instanceof HttpError && err.status === 429) dispatchError('rate-limited', 'setUser: over a visitor limit (429)');
      else dispatchError('identity-failed', err && err.message);
      return false;
    });
  }

  function reset() {
    return widget.contact.resetDevice().then(() => true);
  }

  /** The local part of a reset; broadcast tells the other tabs to do the same. */
  function forgetDevice({ broadcast }) {
    widget.socket.disconnect();
    widget.contact.clear();
    widget.local.remove(widget.keys.conversationId);
    widget.idempotency.release();
    widget.unread.clear();
    widget.conversation.resetToPrechat();
    widget.start.reset();
    widget.view.clearPrechatForm();
    if (broadcast) widget.tabs.post({ type: 'reset' });
  }

  return { setUser, reset, forgetDevice };
}
