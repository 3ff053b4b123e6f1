/** Named limits and timings of the widget, shared by every module. */

export const VERSION = '1.0.0';
export const LIMITS = Object.freeze({ nameMax: 200, emailMax: 320, messageMax: 10000 });
export const START_RETRY = Object.freeze({ maxRetries: 5, defaultDelayMs: 1000, maxDelayMs: 10000 });
export const SEND_RETRY = Object.freeze({ maxRetries: 5, baseMs: 500, capMs: 8000 });
export const SOCKET_BACKOFF = Object.freeze({ baseMs: 500, capMs: 15000 });
// 429 (a visitor limit): wait the server's Retry-After (plus a margin, never less, uncapped up to 10 min),
// up to 10 automatic retries with the same key or echoId; a socket closed for a limit waits at least 5 s.
export const RATE_LIMIT = Object.freeze({
  maxRetries: 10, defaultDelayMs: 5000, marginMs: 250, maxDelayMs: 600000, socketMinDelayMs: 5000,
});
export const LIMIT_CLOSE_REASONS = Object.freeze(['too many sockets', 'too many frames', 'hello expected']);
export const HINT_DELAY_MS = 1500;
export const REQUEST_TIMEOUT_MS = 15000;
export const READY_TIMEOUT_MS = 10000;
export const PING_INTERVAL_MS = 25000; // below common proxy idle timeouts (often 60 s)
export const SILENCE_LIMIT_MS = 60000; // no frame at all for this long: assume a half-open socket
export const MAX_SYNC_PAGES = 50;
export const TYPING_SEND_INTERVAL_MS = 3000;
export const TYPING_IDLE_MS = 2500;
export const TYPING_DISPLAY_MS = 8000;
export const RESOLVED_STATUSES = Object.freeze(['RESOLVED', 'CLOSED']);
export const SENDERS = Object.freeze(['CONTACT', 'AGENT', 'SYSTEM']);
export const DEFAULT_LOCALE = 'en';
export const IDENTIFIER_MAX = 255; // the server's limit for a verified identity
export const UNREAD_KEPT = 100; // unread message ids remembered across tabs (the badge shows 99+)
export const POSITIONS = Object.freeze(['right', 'left']);
export const CONTEXT_URL_MODES = Object.freeze(['full', 'path', 'origin']);
// Visitor context (page, language, time zone): the server's limits, and how long a navigation settles
// (a single-page app sets the new title just after pushState) before it is sent.
export const CONTEXT = Object.freeze({ urlMax: 2048, titleMax: 300, languageMax: 35, timeZoneMax: 64, debounceMs: 1000 });
