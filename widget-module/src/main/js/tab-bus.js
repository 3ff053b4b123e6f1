/**
 * One-off signals between the tabs of this site (open, close, a started conversation, reset):
 * a BroadcastChannel where the browser has one, otherwise a localStorage key written and removed
 * at once (other tabs see its storage event). Each message is handled once per tab, and a tab
 * never receives its own messages.
 */

import { parseJson } from './platform.js';
import { createUuid } from './idempotency.js';

const SEEN_KEPT = 200;

export function createTabBus({ name, local, Channel, onMessage }) {
  const tabId = createUuid();
  const seen = new Set();
  let channel = null;
  if (typeof Channel === 'function') {
    try {
      channel = new Channel(name);
      channel.onmessage = (event) => receive(event && event.data);
    } catch (_) {
      channel = null;
    }
  }

  function post(message) {
    const envelope = { ...message, id: createUuid(), from: tabId };
    remember(envelope.id);
    if (channel) {
      try { channel.postMessage(envelope); return; } catch (_) { /* closed: fall back to storage */ }
    }
    local.set(name, JSON.stringify(envelope));
    local.remove(name);
  }

  /** The window's storage event: only the bus key, only the write (the removal carries no value). */
  function onStorage(event) {
    if (!event || event.key !== name || !event.newValue) return;
    receive(parseJson(event.newValue));
  }

  function receive(envelope) {
    if (!envelope || typeof envelope.type !== 'string' || typeof envelope.id !== 'string') return;
    if (envelope.from === tabId || seen.has(envelope.id)) return;
    remember(envelope.id);
    onMessage(envelope);
  }

  function remember(id) {
    seen.add(id);
    if (seen.size > SEEN_KEPT) seen.delete(seen.values().next().value);
  }

  return { post, onStorage, usesChannel: () => Boolean(channel), tabId };
}
