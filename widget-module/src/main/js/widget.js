/**
 * Assembles one widget from its parts. Every part gets the same `widget` object and reaches the
 * others through it (widget.view, widget.socket, ...), so each file owns its own state and the
 * parts can call each other without import cycles. Nothing runs before mount().
 */

import { VERSION } from './constants.js';
import { root, dispatch } from './platform.js';
import { createTranslator, resolveLocale } from './i18n/locale.js';
import { storageKeys, createStorage } from './storage.js';
import { createIdempotencyKeeper } from './idempotency.js';
import { createTabBus } from './tab-bus.js';
import { invokeMethod } from './command-queue.js';
import { MessageStore } from './message-store.js';
import { createHttpClient, UnavailableError } from './http-client.js';
import { createContactSession } from './contact-session.js';
import { createIdentity } from './identity.js';
import { createUnread } from './unread.js';
import { createStartFlow } from './start-flow.js';
import { createConversation } from './conversation.js';
import { createMessages } from './messages.js';
import { createSocket } from './socket.js';
import { createVisitorTyping } from './typing.js';
import { createCrossTabSync } from './cross-tab.js';
import { createVisitorContext } from './visitor-context.js';
import { createErasureRequest } from './erasure-request.js';
import { createMessageList } from './message-list.js';
import { createView } from './view.js';

export function createWidget({ websiteToken, endpoints, settings }) {
  const keys = storageKeys(websiteToken);
  const local = createStorage('localStorage');
  const perTab = createStorage('sessionStorage');
  let translate = createTranslator(settings.locale);
  let markInitialized;
  const widget = {
    websiteToken,
    endpoints,
    settings,
    locale: settings.locale,
    keys,
    local,
    // Modules keep this function; setLocale swaps what it translates with.
    t: (key, params) => translate(key, params),
    idempotency: createIdempotencyKeeper(perTab, keys.idempotencyKey),
    store: new MessageStore(),
    http: createHttpClient(endpoints.apiBase),
    initialized: new Promise((resolve) => { markInitialized = resolve; }),
  };
  let crossTab = null;
  widget.tabs = createTabBus({
    name: keys.bus, local, Channel: root.BroadcastChannel, onMessage: (message) => crossTab.onTabMessage(message),
  });
  widget.contact = createContactSession(widget);
  widget.identity = createIdentity(widget);
  widget.unread = createUnread(widget);
  widget.start = createStartFlow(widget);
  widget.conversation = createConversation(widget);
  widget.messages = createMessages(widget);
  widget.socket = createSocket(widget);
  widget.typing = createVisitorTyping(widget);
  widget.context = createVisitorContext(widget);
  widget.erasure = createErasureRequest(widget);
  widget.messageList = createMessageList(widget);
  widget.view = createView(widget);
  crossTab = createCrossTabSync(widget);

  function mount() {
    widget.view.mount();

    root.addEventListener('storage', crossTab.onStorage);
    root.addEventListener('online', widget.socket.onOnline);
    root.addEventListener('offline', widget.socket.onOffline);
    document.addEventListener('visibilitychange', widget.socket.onVisibilityChange);
    document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'visible') widget.context.onVisible(); });
    widget.context.track();

    widget.view.renderControls();
    widget.view.openIfRequested();
    initialize();
  }

  /** Validates a stored contact token and restores its open conversation, if any. */
  async function initialize() {
    try {
      if (widget.contact.token()) {
        const token = await widget.contact.checkStored();
        if (token) await widget.conversation.restoreCurrent();
      }
    } catch (err) {
      if (err instanceof UnavailableError) console.warn('Parley: the website token was not recognised by the server');
      else if (widget.contact.token()) widget.socket.connect(); // server unreachable: keep trying in the background
    } finally {
      markInitialized();
      dispatch('parley:ready', { state: widget.start.state(), conversationId: widget.conversation.id() ?? null });
    }
  }

  function setLocale(requested) {
    const locale = resolveLocale(requested);
    if (locale === widget.locale) return locale;
    widget.locale = locale;
    translate = createTranslator(locale);
    widget.view.remount();
    return locale;
  }

  const methods = {
    version: VERSION,
    setUser: widget.identity.setUser,
    reset: widget.identity.reset,
    open: () => widget.view.open(),
    close: () => widget.view.close(),
    toggle: () => widget.view.toggle(),
    setLocale,
    unreadCount: () => widget.unread.count(),
    state: () => widget.start.state(),
    conversationId: () => widget.conversation.id() ?? null,
    reconnect: () => widget.socket.reconnect(),
  };
  /** window.Parley: Parley('open') as the embed snippet's stub queued it, and Parley.open() alike. */
  const api = Object.assign(function Parley(method, ...args) { return invokeMethod(api, method, args); }, methods);

  return { api, mount };
}
