/**
 * Which conversation the widget shows and what happens to it: shown after a start, restored
 * after a reload or from another tab, resolved, reopened, merged, or left for a new chat.
 */

import { RESOLVED_STATUSES } from './constants.js';
import { nextFrame } from './platform.js';
import { NetworkError, HttpError } from './http-client.js';

export function isResolvedStatus(status) {
  return RESOLVED_STATUSES.includes(String(status || '').toUpperCase());
}

export function sameId(a, b) {
  return a != null && b != null && String(a) === String(b);
}

export function createConversation(widget) {
  const { local, keys } = widget;
  const current = { id: null, status: null, resolvedShown: false };
  let restoreInFlight = null;

  /** Renders a conversation in the chat view; resolves once it has been painted. */
  async function show(conversation) {
    if (!sameId(conversation.id, current.id)) clearView();
    current.id = conversation.id;
    current.status = conversation.status || 'OPEN';
    current.resolvedShown = false;
    local.set(keys.conversationId, String(conversation.id));
    if (Array.isArray(conversation.messages)) widget.messages.render(conversation.messages, conversation.id, { history: true });
    else await widget.messages.syncGap({ history: true });
    widget.view.setView('chat');
    widget.view.renderControls();
    widget.messageList.scrollToBottom(true);
    await nextFrame();
  }

  /** GET conversations/current and switch to it if it is open (reload, other tabs). */
  function restoreCurrent() {
    if (!widget.contact.token()) return Promise.resolve(false);
    if (!restoreInFlight) {
      restoreInFlight = fetchCurrent()
        .catch((err) => {
          if (!(err instanceof NetworkError)) console.warn('Parley: could not restore the conversation', err);
          return false;
        })
        .finally(() => { restoreInFlight = null; });
    }
    return restoreInFlight;
  }

  async function fetchCurrent() {
    const response = await widget.http.request('conversations/current', { token: widget.contact.token() });
    if (response.status === 401) { widget.contact.handleInvalidToken(); return false; }
    if (response.status === 404) return false;
    if (response.status !== 200 || !response.data) throw new HttpError(response);
    return adopt(response.data);
  }

  async function adopt(conversation) {
    if (!conversation || conversation.id == null) return false;
    const start = widget.start;
    // This tab's own start request will render the conversation it gets back.
    if (start.state() === 'submitting' || start.state() === 'opening') return false;
    const same = sameId(conversation.id, current.id);
    if (isResolvedStatus(conversation.status)) {
      if (same) applyResolved();
      return false;
    }
    if (same && start.state() === 'open') {
      if (Array.isArray(conversation.messages)) widget.messages.render(conversation.messages, conversation.id, { history: true });
      return true;
    }
    const focusWasInside = widget.view.hasFocusInside();
    widget.idempotency.release(); // any failed attempt of ours is superseded by this conversation
    widget.view.hideError();
    start.transition('opening');
    await show(conversation);
    if (start.state() === 'opening') start.transition('open');
    if (focusWasInside) widget.view.focusComposerIfOpen();
    return true;
  }

  function onCreated(conversation) {
    if (!conversation || sameId(conversation.id, current.id)) return;
    const state = widget.start.state();
    if (state === 'idle' || state === 'failed') adopt(conversation);
  }

  function onStatusChanged(conversationId, status) {
    if (!sameId(conversationId, current.id)) return;
    current.status = status;
    if (isResolvedStatus(status)) {
      applyResolved();
    } else if (current.resolvedShown && widget.view.current() === 'chat' && widget.start.state() === 'idle') {
      // Reopened by an agent before the visitor started a new chat.
      current.resolvedShown = false;
      widget.start.transition('opening');
      widget.start.transition('open');
    }
  }

  function applyResolved() {
    current.status = 'RESOLVED';
    widget.view.hideTyping();
    if (!current.resolvedShown) {
      current.resolvedShown = true;
      widget.messageList.appendNotice(widget.t('resolved'));
    }
    const state = widget.start.state();
    if (state === 'open' || state === 'opening') widget.start.transition('idle');
    widget.view.renderControls();
  }

  async function onMerged(from, into) {
    if (into == null) return;
    if (sameId(from, current.id)) {
      current.id = into;
      local.set(keys.conversationId, String(into));
      widget.view.hideTyping();
      await widget.messages.reloadHistory(into);
    } else if (sameId(into, current.id)) {
      await widget.messages.reloadHistory(into);
    }
  }

  function startNew() {
    clearView();
    current.id = null;
    current.status = null;
    widget.view.setView('prechat');
    widget.view.renderControls();
    widget.view.focusPrechat();
  }

  function resetToPrechat() {
    const focusWasInside = widget.view.hasFocusInside();
    clearView();
    current.id = null;
    current.status = null;
    const state = widget.start.state();
    if (state === 'open' || state === 'opening') widget.start.transition('idle');
    widget.view.setView('prechat');
    widget.view.renderControls();
    if (focusWasInside) widget.view.focusPrechat();
  }

  function clearView() {
    widget.store.clear();
    widget.messageList.clear();
    current.resolvedShown = false;
    widget.view.hideTyping();
  }

  return {
    id: () => current.id,
    isResolvedShown: () => current.resolvedShown,
    show,
    restoreCurrent,
    adopt,
    onCreated,
    onStatusChanged,
    onMerged,
    startNew,
    resetToPrechat,
  };
}
