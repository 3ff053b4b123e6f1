/** UUIDs and the Idempotency-Key of a start attempt. */

import { root, parseJson } from './platform.js';

/** crypto.randomUUID only exists in secure contexts, so plain-http embeds need the fallback. */
export function createUuid(cryptoObj = root.crypto) {
  if (cryptoObj && typeof cryptoObj.randomUUID === 'function') {
    try { return cryptoObj.randomUUID(); } catch (_) { /* fall through */ }
  }
  const bytes = new Uint8Array(16);
  if (cryptoObj && typeof cryptoObj.getRandomValues === 'function') cryptoObj.getRandomValues(bytes);
  else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Short FNV-1a hash, so the stored key can be matched to the form body without storing the body. */
export function fingerprint(values) {
  const text = JSON.stringify([values.name, values.email, values.message]);
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/**
 * One Idempotency-Key per start attempt. The key survives automatic retries, the
 * Retry button and page reloads (sessionStorage) as long as the form body is the same.
 */
export function createIdempotencyKeeper(storage, storageKey, newUuid = createUuid) {
  let current = null; // { key, fingerprint }
  return {
    acquire(values) {
      const print = fingerprint(values);
      if (current && current.fingerprint === print) return current.key;
      const stored = parseJson(storage.get(storageKey));
      current = stored && stored.fingerprint === print && typeof stored.key === 'string'
        ? stored
        : { key: newUuid(), fingerprint: print };
      storage.set(storageKey, JSON.stringify(current));
      return current.key;
    },
    renew(values) {
      this.release();
      return this.acquire(values);
    },
    release() {
      current = null;
      storage.remove(storageKey);
    },
    peek() {
      return current ? current.key : null;
    },
  };
}
