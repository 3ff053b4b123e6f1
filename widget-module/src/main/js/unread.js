/**
 * The unread count, shared by every tab of the site: the ids of agent messages that arrived while
 * the window was closed, kept in localStorage (so a message counts once however many tabs got it)
 * and followed through the storage event. Opening the window in any tab clears it.
 */

import { UNREAD_KEPT } from './constants.js';
import { dispatch, parseJson } from './platform.js';

export function parseUnreadIds(text) {
  const ids = parseJson(text);
  return Array.isArray(ids) ? ids.filter((id) => typeof id === 'string' || typeof id === 'number').map(String) : [];
}

export function createUnread(widget) {
  const { local, keys } = widget;
  let count = stored().length;

  function stored() {
    return parseUnreadIds(local.get(keys.unread));
  }

  /** An agent message arrived while the window was closed. */
  function add(messageId) {
    const ids = stored();
    const id = String(messageId);
    if (!ids.includes(id)) {
      ids.push(id);
      local.set(keys.unread, JSON.stringify(ids.slice(-UNREAD_KEPT)));
    }
    update(Math.min(ids.length, UNREAD_KEPT));
  }

  function clear() {
    if (local.get(keys.unread) !== null) local.remove(keys.unread);
    update(0);
  }

  /** The storage event: another tab changed the shared list. */
  function onStorage(event) {
    if (event && event.key === keys.unread) update(stored().length);
  }

  function update(next) {
    if (next === count) return;
    count = next;
    widget.view.renderUnread(count);
    dispatch('parley:unread', { count });
  }

  return { add, clear, onStorage, count: () => count };
}
