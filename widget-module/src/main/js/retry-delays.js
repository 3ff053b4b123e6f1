/** How long to wait before trying again: the server's Retry-After, or exponential backoff. */

import { START_RETRY, SOCKET_BACKOFF, RATE_LIMIT } from './constants.js';

/** Delay before retrying after a 409/503: Retry-After (seconds or HTTP date), default 1 s, capped at 10 s. */
export function retryAfterMs(headerValue, nowMs = Date.now(), { defaultDelayMs, maxDelayMs } = START_RETRY) {
  const text = headerValue == null ? '' : String(headerValue).trim();
  if (!text) return defaultDelayMs;
  let delay;
  if (/^\d+(\.\d+)?$/.test(text)) {
    delay = Number(text) * 1000;
  } else {
    const date = Date.parse(text);
    delay = Number.isNaN(date) ? defaultDelayMs : date - nowMs;
  }
  return Math.min(maxDelayMs, Math.max(0, delay));
}

/**
 * Delay before retrying after a 429: at least the server's Retry-After (a retry sooner would only be
 * refused again), plus a small margin for clocks and window edges; 5 s without the header; at most 10 min.
 */
export function rateLimitDelayMs(headerValue, nowMs = Date.now()) {
  const { defaultDelayMs, marginMs, maxDelayMs } = RATE_LIMIT;
  return Math.min(maxDelayMs, retryAfterMs(headerValue, nowMs, { defaultDelayMs, maxDelayMs }) + marginMs);
}

/** Exponential backoff with "equal jitter": half fixed, half random, never above cap. */
export function backoffDelay(attempt, random = Math.random, baseMs = SOCKET_BACKOFF.baseMs, capMs = SOCKET_BACKOFF.capMs) {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
