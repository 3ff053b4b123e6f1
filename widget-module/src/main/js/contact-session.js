/**
 * The visitor's contact token: read from localStorage, checked once with POST session,
 * replaced when the server says 401, and shared with the other tabs through localStorage.
 * Concurrent callers share one POST session.
 */

import { UnavailableError, HttpError } from './http-client.js';

export function createContactSession(widget) {
  const { local, keys } = widget;
  const session = { token: local.get(keys.contactToken), contactId: null, verified: false };
  let inFlight = null;

  /**
   * Resolves to a valid contact token. With create=false an invalid stored token is
   * dropped and null is returned (the session is then created lazily later).
   */
  function ensure({ create }) {
    if (session.token && session.verified) return Promise.resolve(session.token);
    if (!session.token && !create) return Promise.resolve(null);
    if (!inFlight) {
      inFlight = openSession(create).finally(() => { inFlight = null; });
      return inFlight;
    }
    // Another call (maybe with create=false) is in flight: reuse it, then create if still needed.
    return inFlight.then((token) => token || (create ? ensure({ create }) : null));
  }

  async function openSession(create) {
    const existing = session.token;
    const response = await widget.http.request('session', {
      method: 'POST', token: existing, body: { websiteToken: widget.websiteToken },
    });
    if (response.status === 200 || response.status === 201) {
      const data = response.data || {};
      adopt(data.contactToken || existing, data.contactId);
      return session.token;
    }
    if (response.status === 401 && existing) {
      forget(existing);
      return create ? openSession(create) : null;
    }
    if (response.status === 404) throw new UnavailableError('Unknown website token');
    throw new HttpError(response);
  }

  function adopt(token, contactId) {
    if (!token) throw new Error('Session response without contactToken');
    const changed = token !== session.token;
    session.token = token;
    session.verified = true;
    if (contactId != null) session.contactId = contactId;
    if (local.get(keys.contactToken) !== token) local.set(keys.contactToken, token);
    if (changed && widget.socket.hasSocket()) widget.socket.reconnect();
    else widget.socket.connect();
  }

  function forget(token) {
    if (!token) return;
    if (session.token === token) {
      session.token = null;
      session.verified = false;
      session.contactId = null;
    }
    // Another tab may already have stored a fresh token; only remove the one we know is bad.
    if (local.get(keys.contactToken) === token) local.remove(keys.contactToken);
  }

  function handleInvalidToken() {
    forget(session.token);
    widget.socket.disconnect();
    if (widget.view.current() === 'chat') widget.conversation.resetToPrechat();
  }

  /** Opening the window creates the session early, so the start request has one step less. */
  function ensureLazily() {
    ensure({ create: true }).catch((err) => {
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
  }

  return {
    token: () => session.token,
    setContactId(contactId) { session.contactId = contactId; },
    ensure,
    ensureLazily,
    forget,
    handleInvalidToken,
    followOtherTab,
  };
}
