/**
 * The visitor's context for the agent: the page (URL without its fragment, title), the browser language
 * and the time zone. Sent with PUT context only for a visitor who already has a session (it never
 * creates one): once the socket is ready, after a start, and after every navigation, single-page apps
 * included (history.pushState/replaceState, popstate, hashchange), settled for CONTEXT.debounceMs.
 * Only a change is sent; a failed send is repeated at the next ready socket. With shareContext false
 * nothing is read, wrapped or sent.
 */

import { CONTEXT } from './constants.js';
import { root } from './platform.js';

const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/g;

/**
 * The page address as the setting allows: 'full' is origin, path and query, 'path' leaves out the query,
 * 'origin' the path too. Never the fragment (it may hold tokens) or credentials. A 'full' address over
 * the server's limit loses its query, then its path.
 */
export function contextUrl(location, mode = 'full') {
  if (!location || !/^https?:$/.test(location.protocol || '')) return null;
  const origin = `${location.protocol}//${location.host}`;
  const candidates = mode === 'origin' ? [`${origin}/`]
    : mode === 'path' ? [`${origin}${location.pathname || '/'}`, `${origin}/`]
      : [`${origin}${location.pathname || '/'}${location.search || ''}`, `${origin}${location.pathname || '/'}`, `${origin}/`];
  return candidates.find((url) => url.length <= CONTEXT.urlMax) || null;
}

/** Text as the server takes it: control characters become spaces, trimmed, cut to the limit; empty is null. */
export function contextText(value, max) {
  if (typeof value !== 'string') return null;
  const text = value.replace(CONTROL_CHARACTERS, ' ').trim().slice(0, max).trim();
  return text || null;
}

/** What this page tells the agent right now. */
export function readContext(env, mode) {
  let timeZone = null;
  try {
    timeZone = env.Intl ? env.Intl.DateTimeFormat().resolvedOptions().timeZone : null;
  } catch (_) { /* no Intl time zone support */ }
  const language = env.navigator ? contextText(env.navigator.language, CONTEXT.languageMax) : null;
  return {
    url: contextUrl(env.location, mode),
    title: env.document ? contextText(env.document.title, CONTEXT.titleMax) : null,
    language: language && /^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/.test(language) ? language : null,
    timeZone: contextText(timeZone, CONTEXT.timeZoneMax),
  };
}

function browserEnv() {
  return {
    window: root,
    history: root.history,
    location: root.location,
    document: typeof document !== 'undefined' ? document : null,
    navigator: typeof navigator !== 'undefined' ? navigator : null,
    Intl: typeof Intl !== 'undefined' ? Intl : null,
  };
}

export function createVisitorContext(widget, env = browserEnv()) {
  const { shareContext = true, contextUrl: mode = 'full' } = widget.settings || {};
  const state = { sent: null, sentFor: null, timer: null, inFlight: null, again: false, tracking: false };

  /** Wraps the history methods (their behaviour and result unchanged) and listens for the browser's own navigations. */
  function track() {
    if (!shareContext || state.tracking) return;
    state.tracking = true;
    const { history, window } = env;
    for (const method of ['pushState', 'replaceState']) {
      const original = history && history[method];
      if (typeof original !== 'function') continue;
      history[method] = function parleyTracked(...args) {
        const result = original.apply(this, args);
        onNavigate();
        return result;
      };
    }
    if (window && typeof window.addEventListener === 'function') {
      window.addEventListener('popstate', onNavigate);
      window.addEventListener('hashchange', onNavigate);
    }
  }

  /** A navigation: send once things have settled (a burst of pushState calls is one send). */
  function onNavigate() {
    if (!shareContext) return;
    clearTimeout(state.timer);
    state.timer = setTimeout(() => { state.timer = null; flush(); }, CONTEXT.debounceMs);
  }

  /** Sends the context if it differs from what this visitor's token last stored; one request at a time. */
  function flush() {
    if (!shareContext) return Promise.resolve(false);
    if (state.inFlight) {
      state.again = true;
      return state.inFlight;
    }
    const token = widget.contact.token();
    if (!token) return Promise.resolve(false);
    const context = readContext(env, mode);
    if (!context.url) return Promise.resolve(false);
    const body = JSON.stringify(context);
    if (body === state.sent && token === state.sentFor) return Promise.resolve(false);
    state.inFlight = send(token, context, body).finally(() => {
      state.inFlight = null;
      if (state.again) {
        state.again = false;
        flush();
      }
    });
    return state.inFlight;
  }

  async function send(token, context, body) {
    try {
      const response = await widget.http.request('context', { method: 'PUT', token, body: context });
      if (response.status >= 200 && response.status < 300) {
        state.sent = body;
        state.sentFor = token;
        return true;
      }
    } catch (_) { /* network: the next ready socket sends it again */ }
    return false;
  }

  return {
    track,
    onNavigate,
    flush,
    /** The socket is ready (first time or after a reconnect): a send that failed or never happened goes now. */
    onReady: () => flush(),
    onConversationStarted: () => flush(),
    /** The visitor came back to this tab: its page is the current one again, even if another tab sent since. */
    onVisible() {
      state.sent = null;
      onNavigate();
    },
  };
}
