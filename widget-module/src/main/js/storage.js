/** localStorage / sessionStorage behind a small get/set/remove facade that never throws. */

import { root } from './platform.js';

export function storageKeys(websiteToken) {
  const prefix = `parley.${websiteToken}.`;
  return {
    contactToken: `${prefix}contactToken`,
    conversationId: `${prefix}conversationId`,
    idempotencyKey: `${prefix}idempotencyKey`,
    identifier: `${prefix}identifier`,
    unread: `${prefix}unread`,
    bus: `${prefix}bus`,
  };
}

export function createMemoryStorage() {
  const map = new Map();
  return {
    get: (key) => (map.has(key) ? map.get(key) : null),
    set: (key, value) => { map.set(key, String(value)); },
    remove: (key) => { map.delete(key); },
  };
}

/** Web Storage can throw (privacy modes, sandboxed iframes); fall back to memory. */
export function createStorage(kind) {
  let backend = null;
  try {
    backend = root[kind];
    const probe = '__parley_probe__';
    backend.setItem(probe, '1');
    backend.removeItem(probe);
  } catch (_) {
    backend = null;
  }
  if (!backend) return createMemoryStorage();
  return {
    get(key) { try { return backend.getItem(key); } catch (_) { return null; } },
    set(key, value) { try { backend.setItem(key, String(value)); } catch (_) { /* quota / disabled */ } },
    remove(key) { try { backend.removeItem(key); } catch (_) { /* disabled */ } },
  };
}
