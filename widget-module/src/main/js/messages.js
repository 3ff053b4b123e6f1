/**
 * Every message in and out. Server copies (POST responses, socket events, gap syncs, history
 * loads) all go through one function, so each id is rendered exactly once; the visitor's own
 * messages are delivered one after the other, with retries that keep their echoId.
 */

import { MAX_SYNC_PAGES, SEND_RETRY, RATE_LIMIT } from './constants.js';
import { dispatch, dispatchError, sleep } from './platform.js';
import { validateMessageContent } from './prechat-form.js';
import { createUuid } from './idempotency.js';
import { compareById } from './message-store.js';
import { backoffDelay, retryAfterMs, rateLimitDelayMs } from './retry-delays.js';
import { conversationPath, NetworkError, HttpError, InvalidTokenError } from './http-client.js';
import { sameId } from './conversation.js';

/** The detail of parley:message: an agent's message as the server sent it. */
export function agentMessageDetail(entry) {
  return {
    conversationId: entry.conversationId,
    messageId: entry.id,
    author: entry.author ?? null,
    content: entry.content,
  };
}

export function createMessages(widget) {
  const { store, t } = widget;
  const gapSync = { running: null, again: false };
  let live = null; // {epoch, generation} of the sync that made live copies trustworthy
  let sendChain = Promise.resolve();

  /** Fetches every message with id > after (following pages until an empty one). */
  async function fetchSince(conversationId, after) {
    const collected = [];
    let cursor = Number(after) || 0;
    for (let page = 0; page < MAX_SYNC_PAGES; page++) {
      const response = await widget.http.request(conversationPath(conversationId, `/messages?after=${cursor}`),
        { token: widget.contact.token() });
      if (response.status === 401) throw new InvalidTokenError();
      if (response.status !== 200 || !Array.isArray(response.data)) throw new HttpError(response);
      const fresh = response.data.filter((message) => message && Number(message.id) > cursor);
      if (!fresh.length) break;
      collected.push(...fresh);
      cursor = Math.max(...fresh.map((message) => Number(message.id)));
    }
    return collected.sort(compareById);
  }

  /**
   * Gapless sync: fetch every message after the sync cursor. Concurrent calls coalesce. A pass
   * that began while the socket was ready, and ended with it still ready in the same epoch, makes
   * the widget live: from then on the socket's frames and the visitor's own POST answers move the
   * cursor too, because nothing can slip past a socket that was up before the fetch was made.
   */
  function syncGap({ history = false } = {}) {
    if (widget.conversation.id() == null || !widget.contact.token()) return Promise.resolve();
    if (gapSync.running) {
      gapSync.again = true;
      return gapSync.running;
    }
    gapSync.running = (async () => {
      do {
        gapSync.again = false;
        const conversationId = widget.conversation.id();
        const generation = store.generation;
        const link = widget.socket.link();
        const messages = await fetchSince(conversationId, store.syncedThrough());
        if (store.generation !== generation) continue; // another conversation (or a reset) meanwhile
        renderComplete(messages, conversationId, { history });
        const now = widget.socket.link();
        if (link.ready && now.ready && now.epoch === link.epoch) live = { epoch: now.epoch, generation };
      } while (gapSync.again && widget.conversation.id() != null);
    })()
      .catch(handleSyncError)
      .finally(() => { gapSync.running = null; });
    return gapSync.running;
  }

  /** Replaces the rendered history with the server's (after=0), keeping optimistic bubbles. */
  async function reloadHistory(conversationId) {
    try {
      const generation = store.generation;
      const messages = await fetchSince(conversationId, 0);
      if (!sameId(conversationId, widget.conversation.id()) || store.generation !== generation) return;
      store.retainIds(messages.map((message) => message.id)).forEach(widget.messageList.remove);
      renderComplete(messages, conversationId, { history: true });
    } catch (err) {
      handleSyncError(err);
    }
  }

  /** Live copies may move the cursor only while the socket has stayed ready since a finished sync. */
  function isLive() {
    return live != null && live.generation === store.generation && live.epoch === widget.socket.link().epoch;
  }

  function handleSyncError(err) {
    if (err instanceof InvalidTokenError) widget.contact.handleInvalidToken();
    else if (err instanceof HttpError && err.status === 404) widget.conversation.restoreCurrent();
    else if (!(err instanceof NetworkError)) console.warn('Parley: message sync failed', err);
  }

  /**
   * Renders a complete run of messages: a conversation's timeline as the server sent it, or every
   * message after the cursor. Only such a run moves the cursor on its own.
   */
  function renderComplete(messages, conversationId, options) {
    if (!Array.isArray(messages)) return;
    [...messages].sort(compareById).forEach((message) => handleServerMessage(message, conversationId, options));
    if (!sameId(conversationId, widget.conversation.id())) return;
    messages.forEach((message) => { if (message && message.id != null) store.markSyncedThrough(message.id); });
  }

  /**
   * Every server copy of a message goes through here: POST responses, socket events,
   * gap syncs and history loads. Each message id is rendered exactly once.
   */
  function handleServerMessage(message, conversationId, { history = false, own = false } = {}) {
    if (!message || message.id == null || Number.isNaN(Number(message.id))) return;
    const targetId = conversationId ?? message.conversationId;
    if (!own && !sameId(targetId, widget.conversation.id())) return;
    const list = widget.messageList;
    const stick = list.isNearBottom();
    const { action, entry } = store.upsert({ ...message, conversationId: message.conversationId ?? targetId });
    if (isLive() && sameId(entry.conversationId, widget.conversation.id())) store.markSyncedThrough(entry.id);
    if (action === 'duplicate') return;
    list.render(entry);
    if (stick || entry.sender === 'CONTACT') list.scrollToBottom(true);
    if (action !== 'added' || entry.sender === 'CONTACT') return;
    if (entry.sender === 'AGENT') widget.view.hideTyping();
    if (history) return;
    widget.view.announce(t('announce', { sender: t(`sender${entry.sender}`), content: entry.content }));
    if (entry.sender !== 'AGENT') return;
    dispatch('parley:message', agentMessageDetail(entry));
    if (!widget.view.isOpen()) widget.unread.add(entry.id);
  }

  function send() {
    const content = widget.view.composerText().trim();
    if (!content) return;
    const error = validateMessageContent(content);
    if (error) {
      widget.view.setComposerError(t(error));
      return;
    }
    if (widget.start.state() !== 'open') return;
    widget.view.setComposerError('');
    widget.view.clearComposer();
    widget.typing.stop();
    const entry = store.addPending({ echoId: createUuid(), content });
    entry.conversationId = widget.conversation.id();
    widget.messageList.render(entry);
    widget.messageList.scrollToBottom(true);
    queueDelivery(entry);
  }

  /** Deliveries are chained so the server receives the visitor's messages in order. */
  function queueDelivery(entry) {
    sendChain = sendChain.then(() => deliver(entry)).catch((err) => {
      console.warn('Parley: message delivery failed', err);
    });
  }

  async function deliver(entry) {
    let limitedRetries = 0;
    for (let retries = 0; entry.id == null; retries++) {
      const conversationId = widget.conversation.id();
      const canRetry = retries < SEND_RETRY.maxRetries;
      let response;
      try {
        const token = await widget.contact.ensure({ create: false });
        if (!token || conversationId == null) break;
        response = await widget.http.request(conversationPath(conversationId, '/messages'), {
          method: 'POST', token, body: { content: entry.content, echoId: entry.echoId },
        });
      } catch (err) {
        if (!(err instanceof NetworkError) || !canRetry) break;
        await sleep(backoffDelay(retries, Math.random, SEND_RETRY.baseMs, SEND_RETRY.capMs));
        continue;
      }
      const { status } = response;
      if (status === 429) {
        // A visitor limit; nothing was written. The same echoId after Retry-After: delivered once.
        dispatchError('rate-limited', 'A message was refused by a visitor limit (429)');
        if (limitedRetries >= RATE_LIMIT.maxRetries) break;
        limitedRetries += 1;
        retries -= 1; // a limit is not a failure: it does not use up the ordinary retries
        showLimited(true);
        await sleep(rateLimitDelayMs(response.headers.get('Retry-After')));
        continue;
      }
      showLimited(false);
      if (status === 200 || status === 201) {
        handleServerMessage(response.data, conversationId, { own: true });
        return;
      }
      if (status === 401) { widget.contact.handleInvalidToken(); break; }
      if ([502, 503, 504].includes(status) && canRetry) {
        await sleep(retryAfterMs(response.headers.get('Retry-After')));
        continue;
      }
      // The conversation was merged meanwhile: the same echoId is safe to send to the new one.
      if (!sameId(conversationId, widget.conversation.id()) && canRetry) continue;
      if ([403, 404, 409, 410].includes(status)) widget.conversation.restoreCurrent(); // probably resolved or merged while offline
      break;
    }
    if (entry.id == null) {
      entry.status = 'failed';
      widget.messageList.render(entry);
    }
  }

  /** The rate-limit text under the composer while a limited message waits (and gone once it is through). */
  function showLimited(limited) {
    if (limited) widget.view.setComposerError(t('rateLimited'));
    else if (widget.view.composerErrorText() === t('rateLimited')) widget.view.setComposerError('');
  }

  function resend(entry) {
    if (entry.id != null || entry.status !== 'failed') return;
    entry.status = 'pending';
    widget.messageList.render(entry);
    queueDelivery(entry);
  }

  return { syncGap, reloadHistory, render: renderComplete, handleServerMessage, send, resend };
}
