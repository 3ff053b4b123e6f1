/*!
 * Parley visitor widget (sdk.js)
 *
 * Embed:
 *   <script src="https://HOST/chat/sdk.js" data-website-token="TOKEN" async></script>
 *
 * Plain ES2020, no dependencies, no build step. See docs/WIDGET.md.
 */
(function () {
  'use strict';

  const root = typeof window !== 'undefined' ? window : globalThis;
  // document.currentScript is only set while this script is executing, so read it first.
  const ownScript = typeof document !== 'undefined' ? document.currentScript : null;

  // ---------------------------------------------------------------------------
  // Constants
  // ---------------------------------------------------------------------------

  const VERSION = '1.0.0';
  const LIMITS = Object.freeze({ nameMax: 200, emailMax: 320, messageMax: 10000 });
  const START_RETRY = Object.freeze({ maxRetries: 5, defaultDelayMs: 1000, maxDelayMs: 10000 });
  const SEND_RETRY = Object.freeze({ maxRetries: 5, baseMs: 500, capMs: 8000 });
  const SOCKET_BACKOFF = Object.freeze({ baseMs: 500, capMs: 15000 });
  const HINT_DELAY_MS = 1500;
  const REQUEST_TIMEOUT_MS = 15000;
  const READY_TIMEOUT_MS = 10000;
  const PING_INTERVAL_MS = 25000; // below common proxy idle timeouts (often 60 s)
  const SILENCE_LIMIT_MS = 60000; // no frame at all for this long: assume a half-open socket
  const MAX_SYNC_PAGES = 50;
  const TYPING_SEND_INTERVAL_MS = 3000;
  const TYPING_IDLE_MS = 2500;
  const TYPING_DISPLAY_MS = 8000;
  const RESOLVED_STATUSES = Object.freeze(['RESOLVED', 'CLOSED']);
  const SENDERS = Object.freeze(['CONTACT', 'AGENT', 'SYSTEM']);
  const DEFAULT_LOCALE = 'en';

  // ---------------------------------------------------------------------------
  // Localisation
  // ---------------------------------------------------------------------------

  const MESSAGES = Object.freeze({
    en: Object.freeze({
      title: 'Chat with us',
      launcher: 'Chat with us',
      launcherUnread: 'Chat with us ({count} unread)',
      close: 'Close chat',
      intro: 'Leave your details and a message. We will reply right here.',
      nameLabel: 'Your name',
      emailLabel: 'Email',
      messageLabel: 'How can we help?',
      required: 'required',
      start: 'Start chat',
      starting: 'Starting…',
      hint: 'Still connecting — your message is safe',
      nameRequired: 'Please enter your name.',
      nameTooLong: 'Your name can be at most 200 characters.',
      emailRequired: 'Please enter your email address.',
      emailInvalid: 'Please enter a valid email address, like name@example.com.',
      messageRequired: 'Please enter a message.',
      messageTooLong: 'Your message can be at most 10,000 characters.',
      fieldInvalid: 'Please check this field.',
      controlCharacters: 'Please remove invisible control characters.',
      invalidRequest: 'Please check your details and try again.',
      startFailed: 'We could not start the chat. Please check your connection and try again.',
      unavailable: 'Chat is currently unavailable. Please try again later.',
      retry: 'Try again',
      messagesLabel: 'Conversation',
      composerLabel: 'Your message',
      composerPlaceholder: 'Type a message…',
      send: 'Send',
      sending: 'Sending…',
      sendFailed: 'Not sent.',
      resend: 'Retry',
      resendLabel: 'Retry sending this message',
      typing: 'Agent is typing…',
      resolved: 'This conversation has been resolved.',
      newChat: 'Start a new chat',
      statusConnecting: 'Connecting…',
      statusConnected: 'Online',
      statusReconnecting: 'Reconnecting…',
      statusOffline: 'Offline',
      senderCONTACT: 'You',
      senderAGENT: 'Agent',
      senderSYSTEM: 'System',
      announce: '{sender}: {content}',
    }),
    'zh-CN': Object.freeze({
      title: '与我们聊天',
      launcher: '与我们聊天',
      launcherUnread: '与我们聊天（{count} 条未读）',
      close: '关闭聊天',
      intro: '请留下您的联系方式和留言，我们会在这里回复您。',
      nameLabel: '您的姓名',
      emailLabel: '电子邮箱',
      messageLabel: '有什么可以帮您？',
      required: '必填',
      start: '开始聊天',
      starting: '正在开始…',
      hint: '仍在连接中——您的消息不会丢失',
      nameRequired: '请输入您的姓名。',
      nameTooLong: '姓名不能超过 200 个字符。',
      emailRequired: '请输入您的电子邮箱地址。',
      emailInvalid: '请输入有效的电子邮箱地址，例如 name@example.com。',
      messageRequired: '请输入留言内容。',
      messageTooLong: '留言不能超过 10000 个字符。',
      fieldInvalid: '请检查此项。',
      controlCharacters: '请删除不可见的控制字符。',
      invalidRequest: '请检查您填写的信息后重试。',
      startFailed: '无法开始聊天。请检查网络连接后重试。',
      unavailable: '聊天服务暂时不可用，请稍后再试。',
      retry: '重试',
      messagesLabel: '对话',
      composerLabel: '您的消息',
      composerPlaceholder: '输入消息…',
      send: '发送',
      sending: '正在发送…',
      sendFailed: '发送失败。',
      resend: '重新发送',
      resendLabel: '重新发送这条消息',
      typing: '客服正在输入…',
      resolved: '此对话已结束。',
      newChat: '开始新的对话',
      statusConnecting: '正在连接…',
      statusConnected: '在线',
      statusReconnecting: '正在重新连接…',
      statusOffline: '离线',
      senderCONTACT: '您',
      senderAGENT: '客服',
      senderSYSTEM: '系统',
      announce: '{sender}：{content}',
    }),
  });

  /** Maps a BCP 47 tag to a supported locale: zh / zh-CN / zh-Hans* → zh-CN, everything else → en. */
  function resolveLocale(requested) {
    const tag = String(requested || '').trim().replace(/_/g, '-').toLowerCase();
    if (tag === 'zh' || tag.startsWith('zh-')) {
      // Traditional-script variants are not supported and fall back to English.
      return /^zh-(hant|tw|hk|mo)(-|$)/.test(tag) ? DEFAULT_LOCALE : 'zh-CN';
    }
    return DEFAULT_LOCALE;
  }

  function formatTemplate(template, params) {
    return String(template).replace(/\{(\w+)\}/g, (match, name) =>
      params && Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : match);
  }

  function createTranslator(locale) {
    const table = MESSAGES[locale] || MESSAGES[DEFAULT_LOCALE];
    return (key, params) => {
      const template = table[key] ?? MESSAGES[DEFAULT_LOCALE][key] ?? key;
      return formatTemplate(template, params);
    };
  }

  // ---------------------------------------------------------------------------
  // Pure helpers (exported to tests through Parley._internals)
  // ---------------------------------------------------------------------------

  // Same rules as the server's PreChatForm, so its 400 field errors stay the exception.
  const EMAIL_PATTERN = /^[^@\s]{1,64}@[^@\s]+\.[^@\s.]{2,}$/;
  // Java's Character.isISOControl; the message may contain tabs and line breaks.
  const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/;
  const CONTROL_CHARS_EXCEPT_WHITESPACE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

  function isValidEmail(value) {
    const text = String(value || '');
    return text.length <= LIMITS.emailMax && EMAIL_PATTERN.test(text);
  }

  function normalizePrechat(raw) {
    return {
      name: String((raw && raw.name) ?? '').trim(),
      email: String((raw && raw.email) ?? '').trim(),
      message: String((raw && raw.message) ?? '').trim(),
    };
  }

  /** Returns {field: messageKey} for every invalid field; an empty object means valid. */
  function validatePrechat(values) {
    const errors = {};
    if (!values.name) errors.name = 'nameRequired';
    else if (values.name.length > LIMITS.nameMax) errors.name = 'nameTooLong';
    else if (CONTROL_CHARS.test(values.name)) errors.name = 'controlCharacters';
    if (!values.email) errors.email = 'emailRequired';
    else if (!isValidEmail(values.email)) errors.email = 'emailInvalid';
    const messageError = validateMessageContent(values.message);
    if (messageError) errors.message = messageError;
    return errors;
  }

  function validateMessageContent(content) {
    if (!content) return 'messageRequired';
    if (content.length > LIMITS.messageMax) return 'messageTooLong';
    if (CONTROL_CHARS_EXCEPT_WHITESPACE.test(content)) return 'controlCharacters';
    return null;
  }

  const FIELD_ALIASES = Object.freeze({
    name: 'name', email: 'email', message: 'message', content: 'message', firstMessage: 'message',
  });

  /**
   * Splits a problem+json body into errors for known form fields and general messages.
   * Field paths such as "create.request.email" are matched on their last segment.
   */
  function mapServerFieldErrors(problem) {
    const fields = {};
    const general = [];
    const list = problem && Array.isArray(problem.errors) ? problem.errors : [];
    for (const item of list) {
      const path = String((item && item.field) ?? '');
      const field = FIELD_ALIASES[path.split('.').pop()];
      const message = String((item && item.message) ?? '');
      if (field && !(field in fields)) fields[field] = message;
      else if (message) general.push(message);
    }
    if (!list.length && problem && problem.detail) general.push(String(problem.detail));
    return { fields, general };
  }

  /** Delay before retrying after a 409/503: Retry-After (seconds or HTTP date), default 1 s, capped at 10 s. */
  function retryAfterMs(headerValue, nowMs = Date.now()) {
    const { defaultDelayMs, maxDelayMs } = START_RETRY;
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

  /** Exponential backoff with "equal jitter": half fixed, half random, never above cap. */
  function backoffDelay(attempt, random = Math.random, baseMs = SOCKET_BACKOFF.baseMs, capMs = SOCKET_BACKOFF.capMs) {
    const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt));
    return Math.round(ceiling / 2 + random() * (ceiling / 2));
  }

  /**
   * Start flow state machine. "opening" means the server answered and the chat view is
   * being rendered; only once it shows the first message do we enter "open".
   */
  const START_TRANSITIONS = Object.freeze({
    idle: Object.freeze(['submitting', 'opening']),
    submitting: Object.freeze(['opening', 'failed', 'idle']),
    opening: Object.freeze(['open', 'failed', 'idle']),
    open: Object.freeze(['idle', 'opening']),
    failed: Object.freeze(['submitting', 'opening', 'idle']),
  });

  function canTransition(from, to) {
    return Boolean(START_TRANSITIONS[from] && START_TRANSITIONS[from].includes(to));
  }

  function isResolvedStatus(status) {
    return RESOLVED_STATUSES.includes(String(status || '').toUpperCase());
  }

  function sameId(a, b) {
    return a != null && b != null && String(a) === String(b);
  }

  function deriveEndpoints(scriptSrc) {
    const apiBase = new URL('api/v1/', scriptSrc);
    const wsUrl = new URL('ws', scriptSrc);
    wsUrl.protocol = wsUrl.protocol === 'https:' ? 'wss:' : 'ws:';
    return { apiBase: apiBase.href, wsUrl: wsUrl.href };
  }

  function storageKeys(websiteToken) {
    const prefix = `parley.${websiteToken}.`;
    return {
      contactToken: `${prefix}contactToken`,
      conversationId: `${prefix}conversationId`,
      idempotencyKey: `${prefix}idempotencyKey`,
    };
  }

  /** crypto.randomUUID only exists in secure contexts, so plain-http embeds need the fallback. */
  function createUuid(cryptoObj = root.crypto) {
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
  function fingerprint(values) {
    const text = JSON.stringify([values.name, values.email, values.message]);
    let hash = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) {
      hash ^= text.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return hash.toString(16).padStart(8, '0');
  }

  function parseJson(text) {
    try { return JSON.parse(text); } catch (_) { return null; }
  }

  /**
   * One Idempotency-Key per start attempt. The key survives automatic retries, the
   * Retry button and page reloads (sessionStorage) as long as the form body is the same.
   */
  function createIdempotencyKeeper(storage, storageKey, newUuid = createUuid) {
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

  function createMemoryStorage() {
    const map = new Map();
    return {
      get: (key) => (map.has(key) ? map.get(key) : null),
      set: (key, value) => { map.set(key, String(value)); },
      remove: (key) => { map.delete(key); },
    };
  }

  /** Web Storage can throw (privacy modes, sandboxed iframes); fall back to memory. */
  function createStorage(kind) {
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

  function compareById(a, b) {
    return Number(a.id) - Number(b.id);
  }

  function normalizeSender(sender) {
    const upper = String(sender || '').toUpperCase();
    return SENDERS.includes(upper) ? upper : 'SYSTEM';
  }

  function toEntryFields(message) {
    return {
      id: Number(message.id),
      conversationId: message.conversationId ?? null,
      echoId: message.echoId || null,
      sender: normalizeSender(message.sender),
      content: String(message.content ?? ''),
      createdAt: message.createdAt ?? null,
    };
  }

  /**
   * In-memory message list of the current conversation. Dedupes by server id and by
   * echoId, so the optimistic copy, the POST response and the WebSocket event of one
   * visitor message all end up as a single entry. Entries without an id are "pending".
   */
  class MessageStore {
    constructor() {
      this.clear();
    }

    clear() {
      this.byId = new Map();
      this.byEcho = new Map();
      this.sortedIds = [];
      this.pending = [];
    }

    addPending({ echoId, content, createdAt = new Date().toISOString() }) {
      const entry = {
        id: null, conversationId: null, echoId, sender: 'CONTACT', content, createdAt, status: 'pending',
      };
      this.byEcho.set(echoId, entry);
      this.pending.push(entry);
      return entry;
    }

    /** @returns {{action: 'added'|'reconciled'|'duplicate', entry: object}} */
    upsert(message) {
      const fields = toEntryFields(message);
      const byId = this.byId.get(fields.id);
      if (byId) return { action: 'duplicate', entry: byId };
      const byEcho = fields.echoId ? this.byEcho.get(fields.echoId) : undefined;
      if (byEcho && byEcho.id != null) return { action: 'duplicate', entry: byEcho };
      if (byEcho) {
        Object.assign(byEcho, fields, { status: 'sent' });
        this.pending = this.pending.filter((entry) => entry !== byEcho);
        this.indexId(byEcho);
        return { action: 'reconciled', entry: byEcho };
      }
      const entry = { ...fields, status: 'sent' };
      this.indexId(entry);
      if (entry.echoId) this.byEcho.set(entry.echoId, entry);
      return { action: 'added', entry };
    }

    indexId(entry) {
      this.byId.set(entry.id, entry);
      const index = this.firstIndexAbove(entry.id);
      this.sortedIds.splice(index, 0, entry.id);
    }

    firstIndexAbove(id) {
      let low = 0;
      let high = this.sortedIds.length;
      while (low < high) {
        const mid = (low + high) >> 1;
        if (this.sortedIds[mid] > id) high = mid; else low = mid + 1;
      }
      return low;
    }

    /** The smallest known server id greater than `id`, or null. Used to place rows in order. */
    nextIdAfter(id) {
      const index = this.firstIndexAbove(id);
      return index < this.sortedIds.length ? this.sortedIds[index] : null;
    }

    get(id) {
      return this.byId.get(Number(id)) || null;
    }

    lastId() {
      return this.sortedIds.length ? this.sortedIds[this.sortedIds.length - 1] : 0;
    }

    remove(entry) {
      if (entry.id != null && this.byId.get(entry.id) === entry) {
        this.byId.delete(entry.id);
        this.sortedIds.splice(this.sortedIds.indexOf(entry.id), 1);
      }
      if (entry.echoId && this.byEcho.get(entry.echoId) === entry) this.byEcho.delete(entry.echoId);
      this.pending = this.pending.filter((candidate) => candidate !== entry);
    }

    /** Removes the server entries whose id is not in `ids`; returns the removed entries. */
    retainIds(ids) {
      const keep = new Set(Array.from(ids, Number));
      const removed = this.sortedIds.filter((id) => !keep.has(id)).map((id) => this.byId.get(id));
      removed.forEach((entry) => this.remove(entry));
      return removed;
    }

    entries() {
      return [...this.sortedIds.map((id) => this.byId.get(id)), ...this.pending];
    }
  }

  // ---------------------------------------------------------------------------
  // Errors
  // ---------------------------------------------------------------------------

  class NetworkError extends Error {}
  class InvalidTokenError extends Error {}
  class UnavailableError extends Error {}
  class HttpError extends Error {
    constructor(response) {
      super(`HTTP ${response.status}`);
      this.status = response.status;
      this.response = response;
    }
  }
  class FieldErrorsError extends Error {
    constructor(problem) {
      super('Validation failed');
      this.problem = problem;
    }
  }

  // ---------------------------------------------------------------------------
  // Styles (scoped by the shadow root; px units so the host's root font size can't leak in)
  // ---------------------------------------------------------------------------

  const STYLES = `
:host { all: initial; }
[hidden] { display: none !important; }
.pw {
  font: 400 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
    "Noto Sans", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", sans-serif;
  color: #1b1f24;
  -webkit-font-smoothing: antialiased;
}
/* :where() keeps these resets at zero specificity so component rules always win. */
:where(.pw) *, :where(.pw) *::before, :where(.pw) *::after { box-sizing: border-box; }
:where(.pw) :where(button, input, textarea) { font: inherit; color: inherit; margin: 0; }
:where(.pw) :where(h2, p, ol) { margin: 0; padding: 0; }
.pw :focus-visible { outline: 3px solid #111827; outline-offset: 2px; box-shadow: 0 0 0 2px #ffffff; }
.pw :focus:not(:focus-visible) { outline: none; }
.pw input:focus-visible, .pw textarea:focus-visible { outline-offset: 1px; }
.vh {
  position: absolute !important; width: 1px; height: 1px; padding: 0; margin: -1px;
  overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0;
}

.pw-launcher {
  position: fixed; right: 20px; bottom: 20px; z-index: 2147483000;
  width: 56px; height: 56px; padding: 0; border-radius: 50%;
  border: 2px solid transparent; background: #1d4ed8; color: #ffffff; cursor: pointer;
  display: flex; align-items: center; justify-content: center;
  box-shadow: 0 4px 14px rgba(0, 0, 0, 0.28);
}
.pw-launcher:hover { background: #1e40af; }
.pw-launcher svg { width: 26px; height: 26px; }
.pw-badge {
  position: absolute; top: -6px; right: -6px; min-width: 22px; height: 22px; padding: 0 6px;
  border-radius: 11px; border: 2px solid #ffffff; background: #b91c1c; color: #ffffff;
  font-size: 12px; font-weight: 700; line-height: 18px; text-align: center;
}

.pw-window {
  position: fixed; right: 20px; bottom: 88px; z-index: 2147483000;
  width: 370px; max-width: calc(100vw - 40px); height: 580px; max-height: calc(100vh - 110px);
  display: flex; flex-direction: column; overflow: hidden;
  background: #ffffff; border: 1px solid #d1d5db; border-radius: 14px;
  box-shadow: 0 12px 40px rgba(0, 0, 0, 0.22);
}
@media (max-width: 480px) {
  .pw-window { inset: 0; width: 100%; max-width: none; height: 100%; max-height: none; border-radius: 0; border: 0; }
  /* The full-screen window has its own close button; the launcher would cover the composer. */
  .pw-window:not([hidden]) ~ .pw-launcher { display: none; }
}
.pw-header {
  display: flex; align-items: center; justify-content: space-between; gap: 12px;
  padding: 12px 12px 12px 16px; background: #1d4ed8; color: #ffffff;
}
.pw-title { font-size: 16px; font-weight: 600; line-height: 1.3; }
.pw-status { display: flex; align-items: center; gap: 6px; font-size: 13px; color: #e0e7ff; }
.pw-status::before { content: ""; width: 8px; height: 8px; border-radius: 50%; background: #fbbf24; }
.pw-status[data-state="connected"]::before { background: #4ade80; }
.pw-status[data-state="offline"]::before { background: #f87171; }
.pw-icon-button {
  flex: none; width: 36px; height: 36px; padding: 0; border-radius: 8px;
  border: 1px solid transparent; background: transparent; color: #ffffff; cursor: pointer;
  display: flex; align-items: center; justify-content: center;
}
.pw-icon-button:hover { background: rgba(255, 255, 255, 0.16); }
.pw-icon-button svg { width: 22px; height: 22px; }

.pw-body { flex: 1; min-height: 0; display: flex; flex-direction: column; }
.pw-prechat { flex: 1; overflow-y: auto; padding: 16px; }
.pw-form { display: flex; flex-direction: column; gap: 14px; }
.pw-intro { font-size: 14px; color: #374151; }
.pw-field { display: flex; flex-direction: column; gap: 4px; }
.pw-label { font-size: 14px; font-weight: 600; color: #1b1f24; }
.pw-req { color: #b91c1c; }
.pw-input {
  width: 100%; padding: 9px 10px; border: 1px solid #6b7280; border-radius: 8px;
  background: #ffffff; color: #1b1f24;
}
textarea.pw-input { min-height: 96px; resize: vertical; }
.pw-input[aria-invalid="true"] { border: 2px solid #b91c1c; padding: 8px 9px; }
.pw-input[readonly] { background: #f3f4f6; }
.pw-field-error { font-size: 13px; color: #b91c1c; }
.pw-error {
  display: flex; flex-direction: column; align-items: flex-start; gap: 8px; padding: 10px 12px;
  border: 1px solid #fca5a5; border-radius: 8px; background: #fef2f2; color: #7f1d1d; font-size: 14px;
}
.pw-hint { padding: 8px 10px; border-radius: 8px; background: #eff6ff; color: #1e3a8a; font-size: 13px; }
.pw-primary {
  display: inline-flex; align-items: center; justify-content: center; gap: 8px;
  min-height: 44px; padding: 0 16px; border: 1px solid transparent; border-radius: 10px;
  background: #1d4ed8; color: #ffffff; font-weight: 600; cursor: pointer;
}
.pw-primary:hover { background: #1e40af; }
.pw-primary:disabled { cursor: progress; opacity: 0.85; }
.pw-secondary {
  min-height: 36px; padding: 0 14px; border: 1px solid currentColor; border-radius: 8px;
  background: #ffffff; color: #1e40af; font-weight: 600; cursor: pointer;
}
.pw-error .pw-secondary { color: #7f1d1d; }
.pw-spinner {
  width: 16px; height: 16px; border-radius: 50%;
  border: 2px solid rgba(255, 255, 255, 0.45); border-top-color: #ffffff;
  animation: pw-spin 0.8s linear infinite;
}
@keyframes pw-spin { to { transform: rotate(360deg); } }
@media (prefers-reduced-motion: reduce) { .pw-spinner { animation-duration: 2.4s; } }

.pw-chat { flex: 1; min-height: 0; display: flex; flex-direction: column; }
.pw-messages {
  flex: 1; min-height: 0; overflow-y: auto; list-style: none; padding: 14px 12px;
  display: flex; flex-direction: column; gap: 8px;
}
.pw-row { display: flex; flex-direction: column; max-width: 82%; }
.pw-row--contact { align-self: flex-end; align-items: flex-end; }
.pw-row--agent { align-self: flex-start; align-items: flex-start; }
.pw-row--system { align-self: center; align-items: center; max-width: 92%; }
.pw-msg {
  padding: 8px 12px; border-radius: 16px; white-space: pre-wrap; overflow-wrap: anywhere;
  border: 1px solid transparent;
}
.pw-row--contact .pw-msg { background: #1d4ed8; color: #ffffff; border-bottom-right-radius: 4px; }
.pw-row--contact .pw-msg[data-state="pending"] { background: #3b5fd1; }
.pw-row--contact .pw-msg[data-state="failed"] { background: #ffffff; color: #1b1f24; border: 2px solid #b91c1c; }
.pw-row--agent .pw-msg { background: #f1f3f5; color: #1b1f24; border-bottom-left-radius: 4px; }
.pw-row--system .pw-msg, .pw-notice {
  padding: 2px 8px; background: transparent; color: #4b5563; font-size: 13px; text-align: center;
}
.pw-meta { margin-top: 2px; font-size: 12px; color: #4b5563; }
.pw-link {
  padding: 0 2px; border: 0; background: none; color: #1e40af; font-size: 12px;
  font-weight: 600; text-decoration: underline; cursor: pointer;
}
.pw-typing { padding: 0 14px 6px; font-size: 13px; color: #4b5563; }
.pw-resolved { padding: 0 12px 10px; display: flex; justify-content: center; }
.pw-composer {
  display: flex; flex-wrap: wrap; align-items: flex-end; gap: 8px;
  padding: 10px; border-top: 1px solid #e5e7eb;
}
.pw-composer textarea {
  flex: 1; min-width: 0; max-height: 120px; padding: 9px 10px; resize: none;
  border: 1px solid #6b7280; border-radius: 10px; background: #ffffff; color: #1b1f24;
}
.pw-composer textarea:disabled { background: #f3f4f6; }
.pw-composer .pw-primary { min-height: 40px; }
.pw-composer .pw-field-error { flex-basis: 100%; }
@media (forced-colors: active) {
  .pw-launcher, .pw-primary, .pw-secondary, .pw-icon-button { border: 2px solid ButtonText; }
}
`;

  const ICONS = Object.freeze({
    chat: 'M20 2H4a2 2 0 0 0-2 2v18l4-4h14a2 2 0 0 0 2-2V4a2 2 0 0 0-2-2zm-2 12H6v-2h12v2zm0-3H6V9h12v2zm0-3H6V6h12v2z',
    close: 'M19 6.41 17.59 5 12 10.59 6.41 5 5 6.41 10.59 12 5 17.59 6.41 19 12 13.41 17.59 19 19 17.59 13.41 12z',
  });

  // ---------------------------------------------------------------------------
  // DOM helpers. Text is always inserted as Text nodes, never parsed as HTML.
  // ---------------------------------------------------------------------------

  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value == null || value === false) continue;
      if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2), value);
      else el.setAttribute(name, value === true ? '' : String(value));
    }
    for (const child of children.flat()) {
      if (child != null && child !== false) el.append(child);
    }
    return el;
  }

  function icon(pathData) {
    const ns = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    const path = document.createElementNS(ns, 'path');
    path.setAttribute('d', pathData);
    path.setAttribute('fill', 'currentColor');
    svg.append(path);
    return svg;
  }

  function sleep(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
  }

  /** Resolves after the next paint (with a timeout, because rAF is paused in background tabs). */
  function nextFrame() {
    return new Promise((resolve) => {
      let done = false;
      const finish = () => { if (!done) { done = true; resolve(); } };
      if (typeof root.requestAnimationFrame === 'function') {
        root.requestAnimationFrame(() => setTimeout(finish, 0));
      }
      setTimeout(finish, 100);
    });
  }

  function dispatch(name, detail) {
    try {
      root.dispatchEvent(new CustomEvent(name, { detail }));
    } catch (err) {
      console.warn(`Parley: a "${name}" listener failed`, err);
    }
  }

  function publicMessage(entry) {
    return {
      id: entry.id,
      conversationId: entry.conversationId,
      sender: entry.sender,
      content: entry.content,
      echoId: entry.echoId,
      createdAt: entry.createdAt,
    };
  }

  // ---------------------------------------------------------------------------
  // The widget
  // ---------------------------------------------------------------------------

  function createWidget({ websiteToken, endpoints, locale }) {
    const t = createTranslator(locale);
    const keys = storageKeys(websiteToken);
    const local = createStorage('localStorage');
    const perTab = createStorage('sessionStorage');
    const idempotency = createIdempotencyKeeper(perTab, keys.idempotencyKey);
    const store = new MessageStore();
    const rows = new Map(); // entry -> { row, bubble, meta }
    const timeFormat = createTimeFormat(locale);

    const session = {
      token: local.get(keys.contactToken),
      contactId: null,
      verified: false,
      conversationId: null,
      conversationStatus: null,
    };
    const socket = {
      ws: null, ready: false, wanted: false, attempt: 0, retryTimer: null, readyTimer: null, pingTimer: null,
      lastFrameAt: 0, status: 'idle',
    };
    const typing = { lastSentAt: 0, idleTimer: null, hideTimer: null };
    const gapSync = { running: null, again: false };

    let startState = 'idle';
    let view = 'prechat';
    let resolvedShown = false;
    let isOpen = false;
    let unread = 0;
    let mounted = false;
    let pendingOpen = false;
    let ui = null;
    let shadow = null;
    let startInFlight = null;
    let sessionInFlight = null;
    let restoreInFlight = null;
    let hintTimer = null;
    let sendChain = Promise.resolve();

    // ----- HTTP ---------------------------------------------------------------

    async function apiRequest(path, { method = 'GET', body, token, headers = {} } = {}) {
      const init = {
        method,
        headers: { Accept: 'application/json, application/problem+json', ...headers },
        mode: 'cors',
        credentials: 'omit',
        cache: 'no-store',
      };
      if (token) init.headers.Authorization = `Bearer ${token}`;
      if (body !== undefined) {
        init.headers['Content-Type'] = 'application/json';
        init.body = JSON.stringify(body);
      }
      const controller = typeof AbortController === 'function' ? new AbortController() : null;
      if (controller) init.signal = controller.signal;
      const timer = setTimeout(() => controller && controller.abort(), REQUEST_TIMEOUT_MS);
      try {
        const response = await fetch(new URL(path, endpoints.apiBase).href, init);
        const text = await response.text();
        return { status: response.status, headers: response.headers, data: text ? parseJson(text) : null };
      } catch (err) {
        // fetch only rejects on network failure, CORS refusal or our timeout abort.
        throw new NetworkError(err && err.message ? err.message : 'Network error');
      } finally {
        clearTimeout(timer);
      }
    }

    function conversationPath(conversationId, suffix = '') {
      return `conversations/${encodeURIComponent(conversationId)}${suffix}`;
    }

    // ----- Contact session ------------------------------------------------------

    /**
     * Resolves to a valid contact token. With create=false an invalid stored token is
     * dropped and null is returned (the session is then created lazily later).
     */
    function ensureSession({ create }) {
      if (session.token && session.verified) return Promise.resolve(session.token);
      if (!session.token && !create) return Promise.resolve(null);
      if (!sessionInFlight) {
        sessionInFlight = openSession(create).finally(() => { sessionInFlight = null; });
        return sessionInFlight;
      }
      // Another call (maybe with create=false) is in flight: reuse it, then create if still needed.
      return sessionInFlight.then((token) => token || (create ? ensureSession({ create }) : null));
    }

    async function openSession(create) {
      const existing = session.token;
      const response = await apiRequest('session', { method: 'POST', token: existing, body: { websiteToken } });
      if (response.status === 200 || response.status === 201) {
        const data = response.data || {};
        adoptContactToken(data.contactToken || existing, data.contactId);
        return session.token;
      }
      if (response.status === 401 && existing) {
        forgetContactToken(existing);
        return create ? openSession(create) : null;
      }
      if (response.status === 404) throw new UnavailableError('Unknown website token');
      throw new HttpError(response);
    }

    function adoptContactToken(token, contactId) {
      if (!token) throw new Error('Session response without contactToken');
      const changed = token !== session.token;
      session.token = token;
      session.verified = true;
      if (contactId != null) session.contactId = contactId;
      if (local.get(keys.contactToken) !== token) local.set(keys.contactToken, token);
      if (changed && socket.ws) reconnect();
      else connectSocket();
    }

    function forgetContactToken(token) {
      if (!token) return;
      if (session.token === token) {
        session.token = null;
        session.verified = false;
        session.contactId = null;
      }
      // Another tab may already have stored a fresh token; only remove the one we know is bad.
      if (local.get(keys.contactToken) === token) local.remove(keys.contactToken);
    }

    function handleInvalidToken() {
      forgetContactToken(session.token);
      disconnectSocket();
      if (view === 'chat') resetToPrechat();
    }

    // ----- Start flow -------------------------------------------------------------

    function transition(to) {
      if (startState === to) return true;
      if (!canTransition(startState, to)) {
        console.warn(`Parley: ignored invalid state change ${startState} -> ${to}`);
        return false;
      }
      startState = to;
      if (ui) renderControls();
      dispatch('parley:state', { state: to });
      return true;
    }

    /** Single entry point for Start button, Enter key and Retry. Returns the in-flight promise if any. */
    function startChat() {
      if (startInFlight) return startInFlight;
      if (startState !== 'idle' && startState !== 'failed') return Promise.resolve(startState === 'open');
      const values = normalizePrechat(readPrechatForm());
      const errors = validatePrechat(values);
      if (Object.keys(errors).length) {
        showFieldErrors(Object.fromEntries(Object.entries(errors).map(([field, key]) => [field, t(key)])));
        focusFirstInvalidField();
        return Promise.resolve(false);
      }
      showFieldErrors({});
      hideError();
      transition('submitting');
      startInFlight = runStartAttempt(values).finally(() => { startInFlight = null; });
      return startInFlight;
    }

    async function runStartAttempt(values) {
      hintTimer = setTimeout(showHint, HINT_DELAY_MS);
      try {
        const conversation = await createConversation(values);
        idempotency.release();
        transition('opening');
        await showConversation(conversation);
        ui.fields.message.input.value = '';
        if (startState === 'opening') transition('open');
        focusComposerIfOpen();
        syncGap(); // catches messages whose socket events arrived before we knew the conversation id
        return true;
      } catch (err) {
        handleStartFailure(err);
        return false;
      } finally {
        clearTimeout(hintTimer);
        hideHint();
      }
    }

    /** POST conversations with automatic retries that all reuse the attempt's Idempotency-Key. */
    async function createConversation(values) {
      let key = idempotency.acquire(values);
      let retries = 0;
      let reauthenticated = false;
      let rekeyed = false;
      for (;;) {
        let response;
        let token = null;
        try {
          token = await ensureSession({ create: true });
          response = await apiRequest('conversations', {
            method: 'POST', token, body: values, headers: { 'Idempotency-Key': key },
          });
        } catch (err) {
          const retryable = err instanceof NetworkError || (err instanceof HttpError && err.status === 503);
          if (!retryable || retries >= START_RETRY.maxRetries) throw err;
          retries += 1;
          await sleep(retryAfterMs(err.response ? err.response.headers.get('Retry-After') : null));
          continue;
        }
        const { status } = response;
        if (status === 200 || status === 201) return response.data;
        if (status === 400) throw new FieldErrorsError(response.data);
        if (status === 401 && !reauthenticated) {
          reauthenticated = true;
          forgetContactToken(token);
          continue;
        }
        if (status === 422 && !rekeyed) {
          // The stored key belongs to a different body (e.g. restored after a reload): start a fresh attempt.
          rekeyed = true;
          key = idempotency.renew(values);
          continue;
        }
        if ((status === 409 || status === 503) && retries < START_RETRY.maxRetries) {
          retries += 1;
          await sleep(retryAfterMs(response.headers.get('Retry-After')));
          continue;
        }
        throw new HttpError(response);
      }
    }

    function handleStartFailure(err) {
      if (err instanceof FieldErrorsError) {
        const { fields, general } = mapServerFieldErrors(err.problem);
        showFieldErrors(Object.fromEntries(Object.entries(fields).map(([field, text]) => [field, text || t('fieldInvalid')])));
        if (general.length) showError(general.join(' '), { retry: false });
        else if (!Object.keys(fields).length) showError(t('invalidRequest'), { retry: false });
        transition('idle');
        if (Object.keys(fields).length) focusFirstInvalidField();
        return;
      }
      if (err instanceof UnavailableError) console.warn('Parley: the website token was not recognised by the server');
      else if (!(err instanceof NetworkError) && !(err instanceof HttpError)) console.warn('Parley: could not start the chat', err);
      showError(err instanceof UnavailableError ? t('unavailable') : t('startFailed'), { retry: true });
      transition('failed');
      if (isOpen) ui.retry.focus();
    }

    // ----- Conversations ------------------------------------------------------------

    /** Renders a conversation in the chat view; resolves once it has been painted. */
    async function showConversation(conversation) {
      if (!sameId(conversation.id, session.conversationId)) clearConversationView();
      session.conversationId = conversation.id;
      session.conversationStatus = conversation.status || 'OPEN';
      resolvedShown = false;
      local.set(keys.conversationId, String(conversation.id));
      if (Array.isArray(conversation.messages)) renderMessages(conversation.messages, conversation.id, { history: true });
      else await syncGap({ history: true });
      setView('chat');
      renderControls();
      scrollToBottom(true);
      await nextFrame();
    }

    /** GET conversations/current and switch to it if it is open (reload, other tabs). */
    function restoreCurrent() {
      if (!session.token) return Promise.resolve(false);
      if (!restoreInFlight) {
        restoreInFlight = fetchCurrentConversation()
          .catch((err) => {
            if (!(err instanceof NetworkError)) console.warn('Parley: could not restore the conversation', err);
            return false;
          })
          .finally(() => { restoreInFlight = null; });
      }
      return restoreInFlight;
    }

    async function fetchCurrentConversation() {
      const response = await apiRequest('conversations/current', { token: session.token });
      if (response.status === 401) { handleInvalidToken(); return false; }
      if (response.status === 404) return false;
      if (response.status !== 200 || !response.data) throw new HttpError(response);
      return adoptConversation(response.data);
    }

    async function adoptConversation(conversation) {
      if (!conversation || conversation.id == null) return false;
      // This tab's own start request will render the conversation it gets back.
      if (startState === 'submitting' || startState === 'opening') return false;
      const same = sameId(conversation.id, session.conversationId);
      if (isResolvedStatus(conversation.status)) {
        if (same) applyResolved();
        return false;
      }
      if (same && startState === 'open') {
        if (Array.isArray(conversation.messages)) renderMessages(conversation.messages, conversation.id, { history: true });
        return true;
      }
      const focusWasInside = hasFocusInside();
      idempotency.release(); // any failed attempt of ours is superseded by this conversation
      hideError();
      transition('opening');
      await showConversation(conversation);
      if (startState === 'opening') transition('open');
      if (focusWasInside) focusComposerIfOpen();
      return true;
    }

    function onConversationCreated(conversation) {
      if (!conversation || sameId(conversation.id, session.conversationId)) return;
      if (startState === 'idle' || startState === 'failed') adoptConversation(conversation);
    }

    function onStatusChanged(conversationId, status) {
      if (!sameId(conversationId, session.conversationId)) return;
      session.conversationStatus = status;
      if (isResolvedStatus(status)) {
        applyResolved();
      } else if (resolvedShown && view === 'chat' && startState === 'idle') {
        // Reopened by an agent before the visitor started a new chat.
        resolvedShown = false;
        transition('opening');
        transition('open');
      }
    }

    function applyResolved() {
      session.conversationStatus = 'RESOLVED';
      hideTyping();
      if (!resolvedShown) {
        resolvedShown = true;
        appendNotice(t('resolved'));
      }
      if (startState === 'open' || startState === 'opening') transition('idle');
      renderControls();
    }

    async function onMerged(from, into) {
      if (into == null) return;
      if (sameId(from, session.conversationId)) {
        session.conversationId = into;
        local.set(keys.conversationId, String(into));
        hideTyping();
        await reloadHistory(into);
      } else if (sameId(into, session.conversationId)) {
        await reloadHistory(into);
      }
    }

    /** Replaces the rendered history with the server's (after=0), keeping optimistic bubbles. */
    async function reloadHistory(conversationId) {
      try {
        const messages = await fetchMessagesSince(conversationId, 0);
        if (!sameId(conversationId, session.conversationId)) return;
        store.retainIds(messages.map((message) => message.id)).forEach(removeRow);
        renderMessages(messages, conversationId, { history: true });
      } catch (err) {
        handleSyncError(err);
      }
    }

    function startNewChat() {
      clearConversationView();
      session.conversationId = null;
      session.conversationStatus = null;
      setView('prechat');
      renderControls();
      focusPrechat();
    }

    function resetToPrechat() {
      const focusWasInside = hasFocusInside();
      clearConversationView();
      session.conversationId = null;
      session.conversationStatus = null;
      if (startState === 'open' || startState === 'opening') transition('idle');
      setView('prechat');
      renderControls();
      if (focusWasInside) focusPrechat();
    }

    // ----- Messages ------------------------------------------------------------------

    /** Fetches every message with id > after (following pages until an empty one). */
    async function fetchMessagesSince(conversationId, after) {
      const collected = [];
      let cursor = Number(after) || 0;
      for (let page = 0; page < MAX_SYNC_PAGES; page++) {
        const response = await apiRequest(conversationPath(conversationId, `/messages?after=${cursor}`), { token: session.token });
        if (response.status === 401) throw new InvalidTokenError();
        if (response.status !== 200 || !Array.isArray(response.data)) throw new HttpError(response);
        const fresh = response.data.filter((message) => message && Number(message.id) > cursor);
        if (!fresh.length) break;
        collected.push(...fresh);
        cursor = Math.max(...fresh.map((message) => Number(message.id)));
      }
      return collected.sort(compareById);
    }

    /** Gapless sync: fetch messages after the last id we have. Concurrent calls coalesce. */
    function syncGap({ history = false } = {}) {
      if (session.conversationId == null || !session.token) return Promise.resolve();
      if (gapSync.running) {
        gapSync.again = true;
        return gapSync.running;
      }
      gapSync.running = (async () => {
        do {
          gapSync.again = false;
          const conversationId = session.conversationId;
          const messages = await fetchMessagesSince(conversationId, store.lastId());
          renderMessages(messages, conversationId, { history });
        } while (gapSync.again && session.conversationId != null);
      })()
        .catch(handleSyncError)
        .finally(() => { gapSync.running = null; });
      return gapSync.running;
    }

    function handleSyncError(err) {
      if (err instanceof InvalidTokenError) handleInvalidToken();
      else if (err instanceof HttpError && err.status === 404) restoreCurrent();
      else if (!(err instanceof NetworkError)) console.warn('Parley: message sync failed', err);
    }

    function renderMessages(messages, conversationId, options) {
      if (!Array.isArray(messages)) return;
      [...messages].sort(compareById).forEach((message) => handleServerMessage(message, conversationId, options));
    }

    /**
     * Every server copy of a message goes through here: POST responses, socket events,
     * gap syncs and history loads. Each message id is rendered exactly once.
     */
    function handleServerMessage(message, conversationId, { history = false, own = false } = {}) {
      if (!message || message.id == null || Number.isNaN(Number(message.id))) return;
      const targetId = conversationId ?? message.conversationId;
      if (!own && !sameId(targetId, session.conversationId)) return;
      const stick = isNearBottom();
      const { action, entry } = store.upsert({ ...message, conversationId: message.conversationId ?? targetId });
      if (action === 'duplicate') return;
      renderEntry(entry);
      if (stick || entry.sender === 'CONTACT') scrollToBottom(true);
      dispatch('parley:message', { message: publicMessage(entry) });
      if (action !== 'added' || entry.sender === 'CONTACT') return;
      if (entry.sender === 'AGENT') hideTyping();
      if (history) return;
      announce(t('announce', { sender: t(`sender${entry.sender}`), content: entry.content }));
      if (!isOpen && entry.sender === 'AGENT') setUnread(unread + 1);
    }

    function sendMessage() {
      const content = ui.composer.value.trim();
      if (!content) return;
      const error = validateMessageContent(content);
      if (error) {
        setComposerError(t(error));
        return;
      }
      if (startState !== 'open') return;
      setComposerError('');
      ui.composer.value = '';
      resizeComposer();
      stopTyping();
      const entry = store.addPending({ echoId: createUuid(), content });
      entry.conversationId = session.conversationId;
      renderEntry(entry);
      scrollToBottom(true);
      queueDelivery(entry);
    }

    /** Deliveries are chained so the server receives the visitor's messages in order. */
    function queueDelivery(entry) {
      sendChain = sendChain.then(() => deliverMessage(entry)).catch((err) => {
        console.warn('Parley: message delivery failed', err);
      });
    }

    async function deliverMessage(entry) {
      for (let retries = 0; entry.id == null; retries++) {
        const conversationId = session.conversationId;
        const canRetry = retries < SEND_RETRY.maxRetries;
        let response;
        try {
          const token = await ensureSession({ create: false });
          if (!token || conversationId == null) break;
          response = await apiRequest(conversationPath(conversationId, '/messages'), {
            method: 'POST', token, body: { content: entry.content, echoId: entry.echoId },
          });
        } catch (err) {
          if (!(err instanceof NetworkError) || !canRetry) break;
          await sleep(backoffDelay(retries, Math.random, SEND_RETRY.baseMs, SEND_RETRY.capMs));
          continue;
        }
        const { status } = response;
        if (status === 200 || status === 201) {
          handleServerMessage(response.data, conversationId, { own: true });
          return;
        }
        if (status === 401) { handleInvalidToken(); break; }
        if ([502, 503, 504].includes(status) && canRetry) {
          await sleep(retryAfterMs(response.headers.get('Retry-After')));
          continue;
        }
        // The conversation was merged meanwhile: the same echoId is safe to send to the new one.
        if (!sameId(conversationId, session.conversationId) && canRetry) continue;
        if ([403, 404, 409, 410].includes(status)) restoreCurrent(); // probably resolved or merged while offline
        break;
      }
      if (entry.id == null) {
        entry.status = 'failed';
        renderEntry(entry);
      }
    }

    function resendMessage(entry) {
      if (entry.id != null || entry.status !== 'failed') return;
      entry.status = 'pending';
      renderEntry(entry);
      queueDelivery(entry);
    }

    // ----- WebSocket --------------------------------------------------------------------

    function connectSocket() {
      if (!session.token || typeof root.WebSocket !== 'function') return;
      socket.wanted = true;
      if (socket.ws) return; // already connecting or connected
      clearTimeout(socket.retryTimer);
      socket.retryTimer = null;
      setConnectionStatus(socket.attempt > 0 ? 'reconnecting' : 'connecting');
      let ws;
      try {
        ws = new root.WebSocket(endpoints.wsUrl);
      } catch (err) {
        console.warn('Parley: could not open the WebSocket', err);
        scheduleReconnect();
        return;
      }
      const token = session.token;
      socket.ws = ws;
      socket.ready = false;
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
      socket.ready = false;
      hideTyping();
      if (event.code === 1008) {
        // Policy violation = invalid token. Reconnecting with it would loop forever.
        handleInvalidToken();
        return;
      }
      if (socket.wanted) scheduleReconnect();
      else setConnectionStatus('idle');
    }

    function scheduleReconnect() {
      clearTimeout(socket.retryTimer);
      const delay = backoffDelay(socket.attempt, Math.random, SOCKET_BACKOFF.baseMs, SOCKET_BACKOFF.capMs);
      socket.attempt += 1;
      setConnectionStatus(isOffline() ? 'offline' : 'reconnecting');
      socket.retryTimer = setTimeout(() => {
        socket.retryTimer = null;
        connectSocket();
      }, delay);
    }

    /** Drops the current socket (if any) and connects again right away. */
    function reconnect() {
      if (!session.token) return;
      const previous = socket.ws;
      socket.ws = null;
      socket.ready = false;
      socket.attempt = 0;
      clearTimeout(socket.readyTimer);
      clearTimeout(socket.retryTimer);
      socket.retryTimer = null;
      stopKeepalive();
      if (previous) {
        try { previous.close(1000, 'reconnect'); } catch (_) { /* already closed */ }
      }
      connectSocket();
    }

    function disconnectSocket() {
      socket.wanted = false;
      const previous = socket.ws;
      socket.ws = null;
      socket.ready = false;
      clearTimeout(socket.readyTimer);
      clearTimeout(socket.retryTimer);
      socket.retryTimer = null;
      stopKeepalive();
      if (previous) {
        try { previous.close(1000, 'bye'); } catch (_) { /* already closed */ }
      }
      setConnectionStatus('idle');
    }

    function sendOnSocket(payload) {
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
      switch (event.type) {
        case 'ready': onSocketReady(event); break;
        case 'conversation.created': onConversationCreated(event.conversation); break;
        case 'message.created': handleServerMessage(event.message, event.conversationId); break;
        case 'conversation.status_changed': onStatusChanged(event.conversationId, event.status); break;
        case 'conversation.merged': onMerged(event.from, event.into); break;
        case 'typing.on': if (sameId(event.conversationId, session.conversationId)) showTyping(); break;
        case 'typing.off': if (sameId(event.conversationId, session.conversationId)) hideTyping(); break;
        case 'pong': break;
        default: break; // unknown events are ignored for forward compatibility
      }
    }

    function onSocketReady(event) {
      socket.ready = true;
      socket.attempt = 0;
      clearTimeout(socket.readyTimer);
      if (event.contactId != null) session.contactId = event.contactId;
      setConnectionStatus('connected');
      startKeepalive();
      if (session.conversationId != null) syncGap();
      else if (startState === 'idle' || startState === 'failed') restoreCurrent();
    }

    function startKeepalive() {
      stopKeepalive();
      socket.pingTimer = setInterval(() => {
        if (Date.now() - socket.lastFrameAt > SILENCE_LIMIT_MS) reconnect();
        else sendOnSocket({ type: 'ping' });
      }, PING_INTERVAL_MS);
    }

    function stopKeepalive() {
      clearInterval(socket.pingTimer);
      socket.pingTimer = null;
    }

    function isOffline() {
      return typeof navigator !== 'undefined' && navigator.onLine === false;
    }

    // ----- Visitor typing ------------------------------------------------------------------

    function onComposerInput() {
      resizeComposer();
      setComposerError('');
      if (!ui.composer.value.trim()) { stopTyping(); return; }
      const now = Date.now();
      if (now - typing.lastSentAt > TYPING_SEND_INTERVAL_MS) {
        typing.lastSentAt = now;
        sendOnSocket({ type: 'typing.on', conversationId: session.conversationId });
      }
      clearTimeout(typing.idleTimer);
      typing.idleTimer = setTimeout(stopTyping, TYPING_IDLE_MS);
    }

    function stopTyping() {
      clearTimeout(typing.idleTimer);
      if (!typing.lastSentAt) return;
      typing.lastSentAt = 0;
      sendOnSocket({ type: 'typing.off', conversationId: session.conversationId });
    }

    // ----- Cross-tab sync --------------------------------------------------------------------

    function onStorage(event) {
      if (event.key === keys.contactToken) onTokenChangedElsewhere(event.newValue, event.oldValue);
      else if (event.key === keys.conversationId && event.newValue && event.newValue !== String(session.conversationId)) restoreCurrent();
    }

    function onTokenChangedElsewhere(newValue, oldValue) {
      if (newValue === session.token) return;
      if (newValue) {
        // Another tab created (or replaced) the contact: follow it.
        if (view === 'chat' && startState !== 'submitting') resetToPrechat();
        session.token = newValue;
        session.verified = true;
        reconnect();
        restoreCurrent();
      } else if (oldValue && oldValue === session.token) {
        handleInvalidToken();
      }
    }

    // ----- Window & focus ---------------------------------------------------------------------

    function open() {
      if (!mounted) { pendingOpen = true; return; }
      if (!isOpen) {
        isOpen = true;
        ui.window.hidden = false;
        ui.launcher.setAttribute('aria-expanded', 'true');
        setUnread(0);
        scrollToBottom(true);
      }
      focusInitial();
      ensureSessionLazily();
    }

    function ensureSessionLazily() {
      ensureSession({ create: true }).catch((err) => {
        if (!(err instanceof UnavailableError)) return; // network trouble: the start flow retries anyway
        console.warn('Parley: the website token was not recognised by the server');
        if (view === 'prechat' && startState === 'idle') showError(t('unavailable'), { retry: false });
      });
    }

    function close() {
      pendingOpen = false;
      if (!mounted || !isOpen) return;
      const focusWasInside = hasFocusInside();
      isOpen = false;
      ui.window.hidden = true;
      ui.launcher.setAttribute('aria-expanded', 'false');
      if (focusWasInside) ui.launcher.focus();
    }

    function focusInitial() {
      if (view === 'prechat') focusPrechat();
      else if (!ui.composer.disabled) ui.composer.focus();
      else if (!ui.resolved.hidden) ui.newChat.focus();
      else ui.close.focus();
    }

    function focusPrechat() {
      const { name, email } = ui.fields;
      if (name.input.value && email.input.value && startState === 'idle') ui.fields.message.input.focus();
      else name.input.focus();
    }

    function focusComposerIfOpen() {
      if (isOpen && view === 'chat' && !ui.composer.disabled) ui.composer.focus();
    }

    function focusFirstInvalidField() {
      if (!isOpen) return;
      const invalid = ['name', 'email', 'message'].find((field) => ui.fields[field].input.getAttribute('aria-invalid') === 'true');
      if (invalid) ui.fields[invalid].input.focus();
    }

    function hasFocusInside() {
      return Boolean(shadow && shadow.activeElement);
    }

    // ----- Rendering ------------------------------------------------------------------------------

    function setView(next) {
      view = next;
      ui.prechat.hidden = next !== 'prechat';
      ui.chat.hidden = next !== 'chat';
    }

    function renderControls() {
      const busy = startState === 'submitting' || startState === 'opening';
      ui.start.disabled = busy;
      ui.start.setAttribute('aria-busy', String(busy));
      ui.form.setAttribute('aria-busy', String(busy));
      ui.startSpinner.hidden = !busy;
      ui.startLabel.textContent = busy ? t('starting') : t('start');
      for (const field of Object.values(ui.fields)) field.input.readOnly = busy;
      if (!busy) hideHint();

      const composerEnabled = view === 'chat' && startState === 'open' && !resolvedShown;
      const composerHadFocus = shadow.activeElement === ui.composer;
      ui.composer.disabled = !composerEnabled;
      ui.send.disabled = !composerEnabled;
      ui.resolved.hidden = !(view === 'chat' && resolvedShown);
      if (composerHadFocus && !composerEnabled && !ui.resolved.hidden) ui.newChat.focus();
    }

    function showFieldErrors(errors) {
      for (const [field, parts] of Object.entries(ui.fields)) setFieldError(parts, errors[field] || '');
    }

    function setFieldError(parts, text) {
      parts.error.textContent = text;
      parts.error.hidden = !text;
      if (text) parts.input.setAttribute('aria-invalid', 'true');
      else parts.input.removeAttribute('aria-invalid');
    }

    function setComposerError(text) {
      ui.composerError.textContent = text;
      ui.composerError.hidden = !text;
      if (text) ui.composer.setAttribute('aria-invalid', 'true');
      else ui.composer.removeAttribute('aria-invalid');
    }

    function showError(text, { retry }) {
      ui.errorText.textContent = text;
      ui.retry.hidden = !retry;
      ui.error.hidden = false;
    }

    function hideError() {
      ui.error.hidden = true;
      ui.errorText.textContent = '';
    }

    function showHint() {
      if (startState !== 'submitting' && startState !== 'opening') return;
      ui.hint.textContent = t('hint');
      ui.hint.hidden = false;
    }

    function hideHint() {
      if (!ui) return;
      ui.hint.hidden = true;
      ui.hint.textContent = '';
    }

    function showTyping() {
      ui.typing.hidden = false;
      clearTimeout(typing.hideTimer);
      // A lost typing.off must not leave the indicator on forever.
      typing.hideTimer = setTimeout(hideTyping, TYPING_DISPLAY_MS);
    }

    function hideTyping() {
      clearTimeout(typing.hideTimer);
      if (ui) ui.typing.hidden = true;
    }

    function setUnread(count) {
      unread = count;
      ui.unread.textContent = count > 99 ? '99+' : String(count);
      ui.unread.hidden = count === 0;
      ui.launcher.setAttribute('aria-label', count ? t('launcherUnread', { count }) : t('launcher'));
    }

    function setConnectionStatus(status) {
      if (socket.status === status) return;
      socket.status = status;
      if (ui) {
        const labels = {
          connecting: 'statusConnecting', connected: 'statusConnected', reconnecting: 'statusReconnecting', offline: 'statusOffline',
        };
        ui.status.dataset.state = status;
        ui.status.textContent = labels[status] ? t(labels[status]) : '';
        ui.status.hidden = !labels[status];
      }
      dispatch('parley:connection', { status });
    }

    function announce(text) {
      ui.announcer.append(h('p', null, text));
      while (ui.announcer.childElementCount > 3) ui.announcer.firstElementChild.remove();
    }

    function clearConversationView() {
      store.clear();
      rows.clear();
      ui.messages.replaceChildren();
      resolvedShown = false;
      hideTyping();
    }

    function renderEntry(entry) {
      let parts = rows.get(entry);
      if (!parts) {
        parts = createMessageRow(entry);
        rows.set(entry, parts);
      }
      updateMessageRow(parts, entry);
      placeRow(parts.row, entry);
    }

    function createMessageRow(entry) {
      const bubble = h('div', { class: 'pw-msg', 'data-testid': 'msg', 'data-sender': entry.sender }, entry.content);
      const meta = h('div', { class: 'pw-meta' });
      const row = h('li', { class: `pw-row pw-row--${entry.sender.toLowerCase()}` },
        h('span', { class: 'vh' }, `${t(`sender${entry.sender}`)}: `), bubble, meta);
      return { row, bubble, meta };
    }

    function updateMessageRow({ bubble, meta }, entry) {
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
          onclick: () => resendMessage(entry),
        }, t('resend')));
      } else {
        meta.append(formatTime(entry.createdAt));
      }
      meta.hidden = !meta.textContent;
    }

    /** Keeps rows in ascending id order; optimistic (id-less) rows stay at the end. */
    function placeRow(row, entry) {
      if (entry.id == null) {
        if (!row.isConnected) ui.messages.append(row);
        return;
      }
      const nextId = store.nextIdAfter(entry.id);
      const nextEntry = nextId != null ? store.get(nextId) : store.pending[0];
      const reference = nextEntry && rows.get(nextEntry) ? rows.get(nextEntry).row : null;
      if (reference && reference !== row && reference.isConnected) ui.messages.insertBefore(row, reference);
      else if (!reference || !reference.isConnected) ui.messages.append(row);
    }

    function removeRow(entry) {
      const parts = rows.get(entry);
      if (parts) parts.row.remove();
      rows.delete(entry);
    }

    function appendNotice(text) {
      ui.messages.append(h('li', { class: 'pw-row pw-row--system' },
        h('div', { class: 'pw-notice', 'data-testid': 'notice' }, text)));
      announce(text);
      scrollToBottom(true);
    }

    function isNearBottom() {
      const list = ui.messages;
      return list.scrollHeight - list.scrollTop - list.clientHeight < 80;
    }

    function scrollToBottom(force) {
      if (force || isNearBottom()) ui.messages.scrollTop = ui.messages.scrollHeight;
    }

    function resizeComposer() {
      ui.composer.style.height = 'auto';
      ui.composer.style.height = `${Math.min(ui.composer.scrollHeight + 2, 120)}px`;
    }

    function formatTime(value) {
      if (!value || !timeFormat) return '';
      const date = new Date(value);
      return Number.isNaN(date.getTime()) ? '' : timeFormat.format(date);
    }

    function readPrechatForm() {
      return {
        name: ui.fields.name.input.value,
        email: ui.fields.email.input.value,
        message: ui.fields.message.input.value,
      };
    }

    // ----- Event handlers -------------------------------------------------------------------------

    function isPlainEnter(event) {
      // keyCode 229 = IME composition (e.g. Pinyin input confirming a candidate).
      return event.key === 'Enter' && !event.shiftKey && !event.isComposing && event.keyCode !== 229;
    }

    function onPrechatSubmit(event) {
      event.preventDefault();
      startChat();
    }

    function onPrechatInput(event) {
      const field = event.target && event.target.getAttribute('data-field');
      if (field && ui.fields[field]) setFieldError(ui.fields[field], '');
      if (startState !== 'idle' && startState !== 'failed') return;
      // An edited form is a new attempt and must not reuse the previous Idempotency-Key.
      idempotency.release();
      hideError();
      if (startState === 'failed') transition('idle');
    }

    function onPrechatMessageKeydown(event) {
      if (!isPlainEnter(event)) return;
      event.preventDefault();
      startChat();
    }

    function onComposerKeydown(event) {
      if (!isPlainEnter(event)) return;
      event.preventDefault();
      sendMessage();
    }

    function onWindowKeydown(event) {
      if (event.key !== 'Escape' || event.isComposing) return;
      event.stopPropagation();
      close();
    }

    function onVisibilityChange() {
      if (document.visibilityState !== 'visible' || !socket.wanted) return;
      if (!socket.ws) reconnect();
      else if (socket.ready) syncGap();
    }

    function onOnline() {
      if (socket.wanted) reconnect();
    }

    function onOffline() {
      if (socket.wanted) setConnectionStatus('offline');
    }

    // ----- Building the DOM -------------------------------------------------------------------------

    function buildField(name, { type = 'text', autocomplete = null, multiline = false } = {}) {
      const inputId = `pw-${name}`;
      const errorId = `pw-${name}-error`;
      const input = h(multiline ? 'textarea' : 'input', {
        id: inputId,
        name,
        class: 'pw-input',
        type: multiline ? null : type,
        rows: multiline ? '4' : null,
        autocomplete,
        'data-testid': name,
        'data-field': name,
        'aria-required': 'true',
        'aria-describedby': errorId,
      });
      const error = h('p', { id: errorId, class: 'pw-field-error', 'data-testid': `${name}-error`, hidden: true });
      const label = h('label', { class: 'pw-label', for: inputId },
        t(`${name}Label`),
        h('span', { class: 'pw-req', 'aria-hidden': 'true' }, ' *'),
        h('span', { class: 'vh' }, ` (${t('required')})`));
      return { wrap: h('div', { class: 'pw-field' }, label, input, error), input, error };
    }

    function buildUi() {
      const fields = {
        name: buildField('name', { autocomplete: 'name' }),
        email: buildField('email', { type: 'email', autocomplete: 'email' }),
        message: buildField('message', { multiline: true }),
      };
      fields.message.input.addEventListener('keydown', onPrechatMessageKeydown);

      const startSpinner = h('span', { class: 'pw-spinner', 'aria-hidden': 'true', hidden: true });
      const startLabel = h('span', null, t('start'));
      const start = h('button', { type: 'submit', class: 'pw-primary', 'data-testid': 'start' }, startSpinner, startLabel);
      const retry = h('button', { type: 'button', class: 'pw-secondary', 'data-testid': 'retry', onclick: () => startChat() }, t('retry'));
      const errorText = h('p');
      const error = h('div', { class: 'pw-error', 'data-testid': 'error', role: 'alert', hidden: true }, errorText, retry);
      const hint = h('p', { class: 'pw-hint', 'data-testid': 'hint', role: 'status', hidden: true });
      const form = h('form', {
        class: 'pw-form', 'data-testid': 'prechat-form', novalidate: true, 'aria-labelledby': 'pw-title',
        onsubmit: onPrechatSubmit, oninput: onPrechatInput,
      },
      h('p', { class: 'pw-intro' }, t('intro')),
      fields.name.wrap, fields.email.wrap, fields.message.wrap,
      error, hint, start);
      const prechat = h('section', { class: 'pw-prechat' }, form);

      const messages = h('ol', { class: 'pw-messages', 'data-testid': 'messages', 'aria-label': t('messagesLabel'), tabindex: '0' });
      const typingLine = h('p', { class: 'pw-typing', 'data-testid': 'typing', hidden: true }, t('typing'));
      const newChat = h('button', { type: 'button', class: 'pw-secondary', 'data-testid': 'new-chat', onclick: startNewChat }, t('newChat'));
      const resolved = h('div', { class: 'pw-resolved', hidden: true }, newChat);
      const composer = h('textarea', {
        id: 'pw-composer', rows: '1', 'data-testid': 'composer', placeholder: t('composerPlaceholder'),
        'aria-describedby': 'pw-composer-error', disabled: true,
        onkeydown: onComposerKeydown, oninput: onComposerInput,
      });
      const composerError = h('p', { id: 'pw-composer-error', class: 'pw-field-error', 'data-testid': 'composer-error', hidden: true });
      const send = h('button', { type: 'submit', class: 'pw-primary', 'data-testid': 'send', disabled: true }, t('send'));
      const composerForm = h('form', {
        class: 'pw-composer', novalidate: true,
        onsubmit: (event) => { event.preventDefault(); sendMessage(); },
      },
      h('label', { class: 'vh', for: 'pw-composer' }, t('composerLabel')), composer, send, composerError);
      const chat = h('section', { class: 'pw-chat', hidden: true }, messages, typingLine, resolved, composerForm);

      const status = h('p', { class: 'pw-status', 'data-testid': 'status', 'data-state': 'idle', hidden: true });
      const closeButton = h('button', {
        type: 'button', class: 'pw-icon-button', 'data-testid': 'close', 'aria-label': t('close'), onclick: close,
      }, icon(ICONS.close));
      const header = h('div', { class: 'pw-header' },
        h('div', null, h('h2', { class: 'pw-title', id: 'pw-title' }, t('title')), status),
        closeButton);
      const windowEl = h('div', {
        id: 'pw-window', class: 'pw-window', 'data-testid': 'window', role: 'dialog', 'aria-labelledby': 'pw-title',
        hidden: true, onkeydown: onWindowKeydown,
      }, header, h('div', { class: 'pw-body' }, prechat, chat));

      const unreadBadge = h('span', { class: 'pw-badge', 'data-testid': 'unread', 'aria-hidden': 'true', hidden: true }, '0');
      const launcher = h('button', {
        type: 'button', class: 'pw-launcher', 'data-testid': 'launcher', 'aria-label': t('launcher'),
        'aria-expanded': 'false', 'aria-controls': 'pw-window',
        onclick: () => (isOpen ? close() : open()),
      }, icon(ICONS.chat), unreadBadge);
      const announcer = h('div', { class: 'vh', 'aria-live': 'polite', 'aria-relevant': 'additions', 'data-testid': 'announcer' });

      const container = h('div', { class: 'pw', lang: locale, dir: 'ltr' }, windowEl, launcher, announcer);
      return {
        container, window: windowEl, launcher, unread: unreadBadge, close: closeButton, status,
        prechat, form, fields, start, startLabel, startSpinner, error, errorText, retry, hint,
        chat, messages, typing: typingLine, resolved, newChat, composer, composerError, send, announcer,
      };
    }

    /** Constructable stylesheets are not blocked by a host page CSP that forbids inline <style>. */
    function adoptStyles(target) {
      try {
        const sheet = new CSSStyleSheet();
        sheet.replaceSync(STYLES);
        target.adoptedStyleSheets = [sheet];
      } catch (_) {
        target.append(h('style', null, STYLES));
      }
    }

    function defineElement() {
      if (typeof customElements !== 'undefined' && !customElements.get('parley-widget')) {
        customElements.define('parley-widget', class ParleyWidgetElement extends HTMLElement {});
      }
    }

    function mount() {
      defineElement();
      const host = document.createElement('parley-widget');
      host.setAttribute('lang', locale);
      shadow = host.attachShadow({ mode: 'open' });
      ui = buildUi();
      adoptStyles(shadow);
      shadow.append(ui.container);
      document.body.append(host);
      mounted = true;

      root.addEventListener('storage', onStorage);
      root.addEventListener('online', onOnline);
      root.addEventListener('offline', onOffline);
      document.addEventListener('visibilitychange', onVisibilityChange);

      renderControls();
      if (pendingOpen) open();
      initialize();
    }

    /** Validates a stored contact token and restores its open conversation, if any. */
    async function initialize() {
      try {
        if (session.token) {
          const token = await ensureSession({ create: false });
          if (token) await restoreCurrent();
        }
      } catch (err) {
        if (err instanceof UnavailableError) console.warn('Parley: the website token was not recognised by the server');
        else if (session.token) connectSocket(); // server unreachable: keep trying in the background
      } finally {
        dispatch('parley:ready', { state: startState, conversationId: session.conversationId ?? null });
      }
    }

    const api = {
      version: VERSION,
      open,
      close,
      state: () => startState,
      conversationId: () => session.conversationId ?? null,
      reconnect,
    };

    return { api, mount };
  }

  function createTimeFormat(locale) {
    try {
      return new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' });
    } catch (_) {
      return null;
    }
  }

  // ---------------------------------------------------------------------------
  // Bootstrap
  // ---------------------------------------------------------------------------

  function findOwnScript() {
    if (ownScript && ownScript.hasAttribute('data-website-token')) return ownScript;
    return document.querySelector('script[data-website-token]');
  }

  function whenBodyReady(callback) {
    if (document.body) callback();
    else document.addEventListener('DOMContentLoaded', callback, { once: true });
  }

  function boot() {
    if (root.Parley && typeof root.Parley.open === 'function') {
      console.warn('Parley: the widget is already loaded on this page');
      return;
    }
    const script = findOwnScript();
    const websiteToken = script && script.getAttribute('data-website-token');
    if (!websiteToken || !script.src) {
      console.warn('Parley: missing <script src="…/sdk.js" data-website-token="…">');
      return;
    }
    const locale = resolveLocale(script.getAttribute('data-locale') || (typeof navigator !== 'undefined' ? navigator.language : ''));
    const widget = createWidget({ websiteToken, endpoints: deriveEndpoints(script.src), locale });
    root.Parley = widget.api;
    whenBodyReady(widget.mount);
  }

  if (typeof document !== 'undefined') boot();

  if (root.__PARLEY_TEST__) {
    root.Parley = root.Parley || {};
    root.Parley._internals = {
      MESSAGES,
      LIMITS,
      START_RETRY,
      START_TRANSITIONS,
      resolveLocale,
      createTranslator,
      formatTemplate,
      isValidEmail,
      normalizePrechat,
      validatePrechat,
      validateMessageContent,
      mapServerFieldErrors,
      retryAfterMs,
      backoffDelay,
      canTransition,
      isResolvedStatus,
      sameId,
      deriveEndpoints,
      storageKeys,
      createUuid,
      fingerprint,
      createIdempotencyKeeper,
      createMemoryStorage,
      MessageStore,
    };
  }
})();
