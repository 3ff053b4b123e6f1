/**
 * The visitor's contact token: read from localStorage, checked once with POST session,
 * replaced when the server says 401, and shared with the other tabs through localStorage.
 * Concurrent callers share one POST session. Identity changes (setUser, reset) run one after
 * the other, and a caller that needs a token waits for the one in progress, so a start never
 * slips in as an anonymous visitor while the page is identifying its user.
 */

import { dispatchError } from './platform.js';
import { UnavailableError, HttpError } from './http-client.js';

export class IdentityRequiredError extends Error {}
export class IdentityRejectedError extends Error {
  constructor(status) {
    super(status === 409 ? 'This device is already identified as another user' : 'The identity could not be verified');
    this.status = status;
  }
}

export function createContactSession(widget) {
  const { local, keys } = widget;
  const session = {
    token: local.get(keys.contactToken), contactId: null, verified: false, identifier: local.get(keys.identifier),
  };
  let inFlight = null;
  let identityChain = null;
  let identityPending = 0;

  /**
   * Resolves to a valid contact token. With create=false an invalid stored token is
   * dropped and null is returned (the session is then created lazily later).
   */
  function ensure({ create }) {
    if (identityPending) return identityChain.then(() => ensure({ create }));
    return ensureNow({ create });
  }

  function ensureNow({ create }) {
    if (session.token && session.verified) return Promise.resolve(session.token);
    if (!session.token && !create) return Promise.resolve(null);
    if (!inFlight) {
      inFlight = openSession(create).finally(() => { inFlight = null; });
      return inFlight;
    }
    // Another call (maybe with create=false) is in flight: reuse it, then create if still needed.
    return inFlight.then((token) => token || (create ? ensureNow({ create }) : null));
  }

  async function openSession(create, identity = null) {
    const existing = identity ? null : session.token;
    const body = { websiteToken: widget.websiteToken, ...(identity || {}) };
    const response = await widget.http.request('session', { method: 'POST', token: existing, body });
    if (response.status === 200 || response.status === 201) {
      const data = response.data || {};
      adopt(data.contactToken || existing, data.contactId, identity ? identity.identifier : session.identifier);
      return session.token;
    }
    if (response.status === 401 && existing) {
      forget(existing);
      return create ? openSession(create) : null;
    }
    if (response.status === 401 && identity) throw new IdentityRejectedError(401);
    if (response.status === 401) throw new IdentityRequiredError('This chat requires a logged-in user');
    if (response.status === 404) throw new UnavailableError('Unknown website token');
    throw new HttpError(response);
  }

  function adopt(token, contactId, identifier) {
    if (!token) throw new Error('Session response without contactToken');
    const changed = token !== session.token;
    session.token = token;
    session.verified = true;
    if (contactId != null) session.contactId = contactId;
    setIdentifier(identifier);
    if (local.get(keys.contactToken) !== token) local.set(keys.contactToken, token);
    if (changed && widget.socket.hasSocket()) widget.socket.reconnect();
    else widget.socket.connect();
  }

  function setIdentifier(identifier) {
    session.identifier = identifier || null;
    if (session.identifier) local.set(keys.identifier, session.identifier);
    else local.remove(keys.identifier);
  }

  /** Runs identity changes one at a time, after the stored token has been checked at load. */
  function serialize(task) {
    identityPending += 1;
    const run = (identityChain || widget.initialized).then(task);
    identityChain = run.catch(() => null).finally(() => { identityPending -= 1; });
    return run;
  }

  /**
   * Parley.setUser: the same user again changes nothing; an anonymous session is identified
   * (POST identify keeps its conversation); no session yet, or another user's, means a new
   * session created with the identity.
   */
  function setUser(identity) {
    return serialize(async () => {
      if (inFlight) await inFlight.catch(() => null);
      if (session.token && session.identifier === identity.identifier) return false;
      if (session.token && session.identifier) widget.identity.forgetDevice({ broadcast: true });
      if (session.token && await identifyAnonymous(identity)) return true;
      await openSession(true, identity);
      widget.conversation.restoreCurrent();
      return true;
    });
  }

  async function identifyAnonymous(identity) {
    const token = session.token;
    const { identifier, identifierHash, name, email } = identity;
    const response = await widget.http.request('identify', {
      method: 'POST', token, body: { identifier, identifierHash, name, email },
    });
    if (response.status === 200) {
      const data = response.data || {};
      if (data.contactId != null) session.contactId = data.contactId;
      setIdentifier(identifier);
      widget.conversation.restoreCurrent();
      return true;
    }
    if (response.status === 409) {
      // The token belongs to someone else: start clean as the new user rather than show their chat.
      widget.identity.forgetDevice({ broadcast: true });
      return false;
    }
    if (response.status === 401 || response.status === 403) throw new IdentityRejectedError(response.status);
    if (response.status === 404) throw new UnavailableError('Unknown website token');
    throw new HttpError(response);
  }

  /** Parley.reset: waits for an identity change in progress, then forgets this device's visitor. */
  function resetDevice() {
    return serialize(async () => {
      if (inFlight) await inFlight.catch(() => null);
      widget.identity.forgetDevice({ broadcast: true });
    });
  }

  function forget(token) {
    if (!token) return;
    if (session.token === token) {
      session.token = null;
      session.verified = false;
      session.contactId = null;
      session.identifier = null;
    }
    // Another tab may already have stored a fresh token; only remove the one we know is bad.
    if (local.get(keys.contactToken) === token) {
      local.remove(keys.contactToken);
      local.remove(keys.identifier);
    }
  }

  /** Forgets the token and identity of this device (logout), whatever they were. */
  function clear() {
    session.token = null;
    session.verified = false;
    session.contactId = null;
    session.identifier = null;
    local.remove(keys.contactToken);
    local.remove(keys.identifier);
  }

  function handleInvalidToken() {
    forget(session.token);
    widget.socket.disconnect();
    if (widget.view.current() === 'chat') widget.conversation.resetToPrechat();
  }

  /** Opening the window creates the session early, so the start request has one step less. */
  function ensureLazily() {
    ensure({ create: true }).catch((err) => {
      if (err instanceof IdentityRequiredError) {
        dispatchError('identity-required', err.message);
        if (widget.view.current() === 'prechat' && widget.start.state() === 'idle') {
          widget.view.showError(widget.t('identityRequired'), { retry: false });
        }
        return;
      }
      if (!(err instanceof UnavailableError)) return; // network trouble: the start flow retries anyway
      console.warn('Parley: the website token was not recognised by the server');
      if (widget.view.current() === 'prechat' && widget.start.state() === 'idle') {
        widget.view.showError(widget.t('unavailable'), { retry: false });
      }
    });
  }

  /** Another tab stored this token (it has verified it). */
  function followOtherTab(token) {
    session.token = token;
    session.verified = true;
    session.contactId = null;
    session.identifier = local.get(keys.identifier);
  }

  /** The socket's contact.identified: another tab (or this one) identified the contact behind our token. */
  function onIdentified(contactId) {
    if (contactId != null) session.contactId = contactId;
    session.identifier = local.get(keys.identifier) || session.identifier;
  }

  return {
    token: () => session.token,
    identifier: () => session.identifier,
    setContactId(contactId) { session.contactId = contactId; },
    checkStored: () => ensureNow({ create: false }),
    ensure,
    ensureLazily,
    setUser,
    resetDevice,
    forget,
    clear,
    handleInvalidToken,
    followOtherTab,
    onIdentified,
  };
}
