/**
 * The rendered message rows: one <li> per store entry, kept in ascending id order with the
 * optimistic (id-less) rows at the end. A bubble's text content is exactly the message content.
 */

import { h } from './dom.js';
import { createTimeFormat } from './i18n/locale.js';

export function createMessageList(widget) {
  const { t, store } = widget;
  const rows = new Map(); // entry -> { row, bubble, meta }
  let timeFormat = createTimeFormat(widget.locale);
  let list = null;

  /** Called by the view once the <ol> exists. */
  function attach(element) {
    list = element;
  }

  function render(entry) {
    let parts = rows.get(entry);
    if (!parts) {
      parts = createRow(entry);
      rows.set(entry, parts);
    }
    updateRow(parts, entry);
    placeRow(parts.row, entry);
  }

  function createRow(entry) {
    const bubble = h('div', { class: 'pw-msg', 'data-testid': 'msg', 'data-sender': entry.sender }, entry.content);
    const meta = h('div', { class: 'pw-meta' });
    const row = h('li', { class: `pw-row pw-row--${entry.sender.toLowerCase()}` },
      h('span', { class: 'vh' }, `${t(`sender${entry.sender}`)}: `), bubble, meta);
    return { row, bubble, meta };
  }

  function updateRow({ bubble, meta }, entry) {
    if (entry.id != null) bubble.setAttribute('data-id', String(entry.id));
    else bubble.removeAttribute('data-id');
    if (entry.echoId) bubble.setAttribute('data-echo-id', entry.echoId);
    bubble.setAttribute('data-state', entry.status);
    if (bubble.textContent !== entry.content) bubble.textContent = entry.content;
    meta.replaceChildren();
    if (entry.status === 'pending') {
      meta.append(t('sending'));
    } else if (entry.status === 'failed') {
      meta.append(t('sendFailed'), ' ', h('button', {
        type: 'button', class: 'pw-link', 'data-testid': 'msg-retry', 'aria-label': t('resendLabel'),
        onclick: () => widget.messages.resend(entry),
      }, t('resend')));
    } else {
      meta.append(formatTime(entry.createdAt));
    }
    meta.hidden = !meta.textContent;
  }

  /** Keeps rows in ascending id order; optimistic (id-less) rows stay at the end. */
  function placeRow(row, entry) {
    if (entry.id == null) {
      if (!row.isConnected) list.append(row);
      return;
    }
    const nextId = store.nextIdAfter(entry.id);
    const nextEntry = nextId != null ? store.get(nextId) : store.pending[0];
    const reference = nextEntry && rows.get(nextEntry) ? rows.get(nextEntry).row : null;
    if (reference && reference !== row && reference.isConnected) list.insertBefore(row, reference);
    else if (!reference || !reference.isConnected) list.append(row);
  }

  function remove(entry) {
    const parts = rows.get(entry);
    if (parts) parts.row.remove();
    rows.delete(entry);
  }

  function clear() {
    rows.clear();
    list.replaceChildren();
  }

  function appendNotice(text, { announce = true } = {}) {
    list.append(h('li', { class: 'pw-row pw-row--system' },
      h('div', { class: 'pw-notice', 'data-testid': 'notice' }, text)));
    if (announce) widget.view.announce(text);
    scrollToBottom(true);
  }

  /** Draws every row again (a new locale): new labels and times, the same entries. */
  function redraw() {
    timeFormat = createTimeFormat(widget.locale);
    rows.clear();
    list.replaceChildren();
    store.entries().forEach(render);
    if (widget.conversation.isResolvedShown()) appendNotice(t('resolved'), { announce: false });
    scrollToBottom(true);
  }

  function isNearBottom() {
    return list.scrollHeight - list.scrollTop - list.clientHeight < 80;
  }

  function scrollToBottom(force) {
    if (force || isNearBottom()) list.scrollTop = list.scrollHeight;
  }

  function formatTime(value) {
    if (!value || !timeFormat) return '';
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? '' : timeFormat.format(date);
  }

  return { attach, render, remove, clear, redraw, appendNotice, isNearBottom, scrollToBottom };
}
