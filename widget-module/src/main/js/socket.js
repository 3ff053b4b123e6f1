/**
 * The WebSocket: hello with the contact token, reconnects with backoff, a keepalive that
 * catches half-open sockets, and a gap sync after every "ready" so nothing sent while the
 * socket was down is lost (link() tells the sync whether the socket stayed ready while it ran).
 * Close code 1008 for the token (invalid, revoked) stops reconnecting; 1008 for a visitor limit (too
 * many sockets or frames, hello too late) reconnects later, never sooner than RATE_LIMIT.socketMinDelayMs.
 */

import { READY_TIMEOUT_MS, PING_INTERVAL_MS, SILENCE_LIMIT_MS, SOCKET_BACKOFF, RATE_LIMIT, LIMIT_CLOSE_REASONS } from './constants.js';
import { root, dispatch, dispatchError, parseJson, isOffline } from './platform.js';
import { backoffDelay } from './retry-delays.js';
import { sameId } from './conversation.js';

const CONNECTION_STATUS_TEXTS = Object.freeze({
  connecting: 'statusConnecting', connected: 'statusConnected', reconnecting: 'statusReconnecting', offline: 'statusOffline',
});

export function createSocket(widget) {
  const socket = {
    ws: null, ready: false, wanted: false, attempt: 0, retryTimer: null, readyTimer: null, pingTimer: null,
    lastFrameAt: 0, status: 'idle', epoch: 0, heldUntil: 0,
  };

  /** Every change of readiness starts a new epoch: a gap sync tells by it whether the socket stayed up meanwhile. */
  function setReady(ready) {
    if (socket.ready !== ready) socket.epoch += 1;
    socket.ready = ready;
  }

  function connect() {
    if (!widget.contact.token() || typeof root.WebSocket !== 'function') return;
    socket.wanted = true;
    if (socket.ws) return; // already connecting or connected
    clearTimeout(socket.retryTimer);
    socket.retryTimer = null;
    setConnectionStatus(socket.attempt > 0 ? 'reconnecting' : 'connecting');
    let ws;
    try {
      ws = new root.WebSocket(widget.endpoints.wsUrl);
    } catch (err) {
      console.warn('Parley: could not open the WebSocket', err);
      scheduleReconnect();
      return;
    }
    const token = widget.contact.token();
    socket.ws = ws;
    setReady(false);
    ws.addEventListener('open', () => {
      if (socket.ws === ws) ws.send(JSON.stringify({ type: 'hello', token }));
    });
    ws.addEventListener('message', (event) => {
      if (socket.ws !== ws) return;
      socket.lastFrameAt = Date.now();
      onSocketMessage(event.data);
    });
    ws.addEventListener('close', (event) => onSocketClosed(ws, event));
    clearTimeout(socket.readyTimer);
    socket.readyTimer = setTimeout(() => {
      if (socket.ws === ws && !socket.ready) ws.close(4000, 'ready timeout');
    }, READY_TIMEOUT_MS);
  }

  function onSocketClosed(ws, event) {
    if (socket.ws !== ws) return; // superseded by reconnect()
    clearTimeout(socket.readyTimer);
    stopKeepalive();
    socket.ws = null;
    setReady(false);
    widget.view.hideTyping();
    const limited = event.code === 1008 && LIMIT_CLOSE_REASONS.includes(String(event.reason || '').toLowerCase());
    if (event.code === 1008 && !limited) {
      // Policy violation for the token (invalid, revoked). Reconnecting with it would loop forever.
      widget.contact.handleInvalidToken();
      return;
    }
    if (limited) dispatchError('rate-limited', `The socket was closed by a visitor limit: ${event.reason}`);
    // A limited visitor waits even when the tab becomes visible or the network comes back.
    if (limited) socket.heldUntil = Date.now() + RATE_LIMIT.socketMinDelayMs;
    if (socket.wanted) scheduleReconnect(limited ? RATE_LIMIT.socketMinDelayMs : 0);
    else setConnectionStatus('idle');
  }

  function scheduleReconnect(minDelayMs = 0) {
    clearTimeout(socket.retryTimer);
    const delay = Math.max(minDelayMs, backoffDelay(socket.attempt, Math.random, SOCKET_BACKOFF.baseMs, SOCKET_BACKOFF.capMs));
    socket.attempt += 1;
    setConnectionStatus(isOffline() ? 'offline' : 'reconnecting');
    socket.retryTimer = setTimeout(() => {
      socket.retryTimer = null;
      connect();
    }, delay);
  }

  /** Drops the current socket (if any) and connects again right away. */
  function reconnect() {
    if (!widget.contact.token()) return;
    const previous = socket.ws;
    socket.ws = null;
    setReady(false);
    socket.attempt = 0;
    clearTimeout(socket.readyTimer);
    clearTimeout(socket.retryTimer);
    socket.retryTimer = null;
    stopKeepalive();
    if (previous) {
      try { previous.close(1000, 'reconnect'); } catch (_) { /* already closed */ }
    }
    connect();
  }

  function disconnect() {
    socket.wanted = false;
    const previous = socket.ws;
    socket.ws = null;
    setReady(false);
    clearTimeout(socket.readyTimer);
    clearTimeout(socket.retryTimer);
    socket.retryTimer = null;
    stopKeepalive();
    if (previous) {
      try { previous.close(1000, 'bye'); } catch (_) { /* already closed */ }
    }
    setConnectionStatus('idle');
  }

  function send(payload) {
    const ws = socket.ws;
    if (!ws || !socket.ready || ws.readyState !== 1) return;
    try { ws.send(JSON.stringify(payload)); } catch (_) { /* closing; the close handler reconnects */ }
  }

  function onSocketMessage(raw) {
    const event = typeof raw === 'string' ? parseJson(raw) : null;
    if (!event || typeof event.type !== 'string') {
      console.warn('Parley: ignoring malformed socket message');
      return;
    }
    const shown = (conversationId) => sameId(conversationId, widget.conversation.id());
    switch (event.type) {
      case 'ready': onSocketReady(event); break;
      case 'conversation.created': widget.conversation.onCreated(event.conversation); break;
      case 'message.created': widget.messages.handleServerMessage(event.message, event.conversationId); break;
      case 'conversation.status_changed': widget.conversation.onStatusChanged(event.conversationId, event.status); break;
      case 'conversation.merged': widget.conversation.onMerged(event.from, event.into); break;
      case 'contact.identified': onContactIdentified(event); break;
      case 'typing.on': if (shown(event.conversationId)) widget.view.showTyping(); break;
      case 'typing.off': if (shown(event.conversationId)) widget.view.hideTyping(); break;
      case 'pong': break;
      default: break; // unknown events are ignored for forward compatibility
    }
  }

  function onSocketReady(event) {
    setReady(true);
    socket.heldUntil = 0;
    socket.attempt = 0;
    clearTimeout(socket.readyTimer);
    if (event.contactId != null) widget.contact.setContactId(event.contactId);
    setConnectionStatus('connected');
    startKeepalive();
    if (widget.context) widget.context.onReady();
    const state = widget.start.state();
    if (widget.conversation.id() != null) widget.messages.syncGap();
    else if (state === 'idle' || state === 'failed') widget.conversation.restoreCurrent();
  }

  /** This token's contact was merged into a verified one (POST identify here or in another tab). */
  function onContactIdentified(event) {
    widget.contact.onIdentified(event.contactId);
    const state = widget.start.state();
    if (state !== 'submitting' && state !== 'opening') widget.conversation.restoreCurrent();
  }

  function startKeepalive() {
    stopKeepalive();
    socket.pingTimer = setInterval(() => {
      if (Date.now() - socket.lastFrameAt > SILENCE_LIMIT_MS) reconnect();
      else send({ type: 'ping' });
    }, PING_INTERVAL_MS);
  }

  function stopKeepalive() {
    clearInterval(socket.pingTimer);
    socket.pingTimer = null;
  }

  function setConnectionStatus(status) {
    if (socket.status === status) return;
    socket.status = status;
    const key = CONNECTION_STATUS_TEXTS[status];
    widget.view.showConnectionStatus(status, key ? widget.t(key) : '');
    dispatch('parley:connection', { status });
  }

  const held = () => Date.now() < socket.heldUntil;

  function onVisibilityChange() {
    if (document.visibilityState !== 'visible' || !socket.wanted || held()) return;
    if (!socket.ws) reconnect();
    else if (socket.ready) widget.messages.syncGap();
  }

  function onOnline() {
    if (socket.wanted && !held()) reconnect();
  }

  function onOffline() {
    if (socket.wanted) setConnectionStatus('offline');
  }

  return {
    connect,
    reconnect,
    disconnect,
    send,
    hasSocket: () => Boolean(socket.ws),
    link: () => ({ ready: socket.ready, epoch: socket.epoch }),
    renderStatus() {
      const key = CONNECTION_STATUS_TEXTS[socket.status];
      widget.view.showConnectionStatus(socket.status, key ? widget.t(key) : '');
    },
    onVisibilityChange,
    onOnline,
    onOffline,
  };
}
