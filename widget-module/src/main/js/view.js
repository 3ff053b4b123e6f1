/**
 * Everything the visitor sees and touches: the <parley-widget> element with its open shadow
 * root, the launcher, the window with the pre-chat form and the chat, focus and keyboard
 * handling, and the live region. The view renders state; it decides nothing itself.
 */

import { TYPING_DISPLAY_MS } from './constants.js';
import { dispatch } from './platform.js';
import { h, icon, ICONS } from './dom.js';
import { STYLES } from './styles.js';
import { erasureText } from './erasure-request.js';

export function createView(widget) {
  const { t, settings } = widget;
  let ui = null;
  let host = null;
  let shadow = null;
  let view = 'prechat';
  let isOpen = false;
  let mounted = false;
  let pendingOpen = false;
  let typingHideTimer = null;
  let focusBeforeOpen = null;

  // ----- Window & focus -------------------------------------------------------------------

  /**
   * Opens the window. Following another tab it neither takes the focus nor creates a session
   * (that tab already does), and it is not announced back to the other tabs.
   */
  function open({ fromOtherTab = false } = {}) {
    if (!mounted) { pendingOpen = true; return; }
    if (!isOpen) {
      isOpen = true;
      if (!fromOtherTab && !hasFocusInside()) focusBeforeOpen = document.activeElement;
      ui.window.hidden = false;
      ui.launcher.setAttribute('aria-expanded', 'true');
      widget.unread.clear();
      widget.messageList.scrollToBottom(true);
      dispatch('parley:opened', {});
      if (!fromOtherTab) widget.tabs.post({ type: 'opened' });
    }
    if (fromOtherTab) return;
    focusInitial();
    widget.contact.ensureLazily();
  }

  function close({ fromOtherTab = false } = {}) {
    pendingOpen = false;
    if (!mounted || !isOpen) return;
    const focusWasInside = hasFocusInside();
    isOpen = false;
    ui.window.hidden = true;
    ui.launcher.setAttribute('aria-expanded', 'false');
    if (focusWasInside) returnFocus();
    focusBeforeOpen = null;
    dispatch('parley:closed', {});
    if (!fromOtherTab) widget.tabs.post({ type: 'closed' });
  }

  function toggle() {
    if (isOpen) close();
    else open();
  }

  /** Back to the launcher, or, when the page hides it, to where the focus was before opening. */
  function returnFocus() {
    if (!ui.launcher.hidden) ui.launcher.focus();
    else if (focusBeforeOpen && focusBeforeOpen.isConnected && typeof focusBeforeOpen.focus === 'function') focusBeforeOpen.focus();
  }

  /** Parley.open() called before the body existed: open now that the widget is mounted. */
  function openIfRequested() {
    if (pendingOpen) open();
  }

  function focusInitial() {
    if (view === 'prechat') focusPrechat();
    else if (!ui.composer.disabled) ui.composer.focus();
    else if (!ui.resolved.hidden) ui.newChat.focus();
    else ui.close.focus();
  }

  function focusPrechat() {
    const { name, email } = ui.fields;
    if (name.input.value && email.input.value && widget.start.state() === 'idle') ui.fields.message.input.focus();
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

  function focusRetryIfOpen() {
    if (isOpen) ui.retry.focus();
  }

  function hasFocusInside() {
    return Boolean(shadow && shadow.activeElement);
  }

  // ----- Rendering ------------------------------------------------------------------------

  function setView(next) {
    view = next;
    ui.prechat.hidden = next !== 'prechat';
    ui.chat.hidden = next !== 'chat';
  }

  function renderControls() {
    if (!ui) return;
    const state = widget.start.state();
    const busy = widget.start.isBusy();
    ui.start.disabled = busy;
    ui.start.setAttribute('aria-busy', String(busy));
    ui.form.setAttribute('aria-busy', String(busy));
    ui.startSpinner.hidden = !busy;
    ui.startLabel.textContent = busy ? t('starting') : t('start');
    for (const field of Object.values(ui.fields)) field.input.readOnly = busy;
    if (!busy) hideHint();

    const resolvedShown = widget.conversation.isResolvedShown();
    const composerEnabled = view === 'chat' && state === 'open' && !resolvedShown;
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

  function composerErrorText() {
    return ui ? ui.composerError.textContent : '';
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
    clearTimeout(typingHideTimer);
    // A lost typing.off must not leave the indicator on forever.
    typingHideTimer = setTimeout(hideTyping, TYPING_DISPLAY_MS);
  }

  function hideTyping() {
    clearTimeout(typingHideTimer);
    if (ui) ui.typing.hidden = true;
  }

  function renderUnread(count) {
    if (!ui) return;
    ui.unread.textContent = count > 99 ? '99+' : String(count);
    ui.unread.hidden = count === 0;
    const title = launcherTitle();
    ui.launcher.setAttribute('aria-label', count ? t('launcherUnread', { title, count }) : title);
  }

  function launcherTitle() {
    return settings.launcherTitle || t('launcher');
  }

  function showConnectionStatus(status, text) {
    if (!ui) return;
    ui.status.dataset.state = status;
    ui.status.textContent = text;
    ui.status.hidden = !text;
  }

  function announce(text) {
    ui.announcer.append(h('p', null, text));
    while (ui.announcer.childElementCount > 3) ui.announcer.firstElementChild.remove();
  }

  function resizeComposer() {
    ui.composer.style.height = 'auto';
    ui.composer.style.height = `${Math.min(ui.composer.scrollHeight + 2, 120)}px`;
  }

  function clearComposer() {
    ui.composer.value = '';
    resizeComposer();
  }

  function readPrechatForm() {
    return {
      name: ui.fields.name.input.value,
      email: ui.fields.email.input.value,
      message: ui.fields.message.input.value,
    };
  }

  // ----- Event handlers -------------------------------------------------------------------

  function isPlainEnter(event) {
    // keyCode 229 = IME composition (e.g. Pinyin input confirming a candidate).
    return event.key === 'Enter' && !event.shiftKey && !event.isComposing && event.keyCode !== 229;
  }

  function onPrechatSubmit(event) {
    event.preventDefault();
    widget.start.startChat();
  }

  function onPrechatInput(event) {
    const field = event.target && event.target.getAttribute('data-field');
    if (field && ui.fields[field]) setFieldError(ui.fields[field], '');
    widget.start.onFormEdited();
  }

  function onPrechatMessageKeydown(event) {
    if (!isPlainEnter(event)) return;
    event.preventDefault();
    widget.start.startChat();
  }

  function onComposerKeydown(event) {
    if (!isPlainEnter(event)) return;
    event.preventDefault();
    widget.messages.send();
  }

  function onComposerInput() {
    resizeComposer();
    setComposerError('');
    widget.typing.onInput(ui.composer.value);
  }

  function onWindowKeydown(event) {
    if (event.key !== 'Escape' || event.isComposing) return;
    event.stopPropagation();
    close();
  }

  // ----- Building the DOM -----------------------------------------------------------------

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
    const retry = h('button', {
      type: 'button', class: 'pw-secondary', 'data-testid': 'retry', onclick: () => widget.start.startChat(),
    }, t('retry'));
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
    const newChat = h('button', {
      type: 'button', class: 'pw-secondary', 'data-testid': 'new-chat', onclick: () => widget.conversation.startNew(),
    }, t('newChat'));
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
      onsubmit: (event) => { event.preventDefault(); widget.messages.send(); },
    },
    h('label', { class: 'vh', for: 'pw-composer' }, t('composerLabel')), composer, send, composerError);
    const erasureStatus = h('p', { class: 'pw-hint', 'data-testid': 'erasure-status', role: 'status', hidden: true });
    const erasure = settings.erasureRequest
      ? h('div', { class: 'pw-erasure' }, h('button', {
        type: 'button', class: 'pw-link', 'data-testid': 'erasure-request',
        onclick: async (event) => {
          event.currentTarget.disabled = true;
          erasureStatus.textContent = t(erasureText(await widget.erasure.send()));
          erasureStatus.hidden = false;
        },
      }, t('erasureRequest')), erasureStatus)
      : null;
    const chat = h('section', { class: 'pw-chat', hidden: true }, messages, typingLine, resolved, composerForm, erasure);

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
      title: settings.launcherTitle || null, hidden: settings.hideLauncher,
      onclick: toggle,
    }, icon(ICONS.chat), unreadBadge);
    const announcer = h('div', { class: 'vh', 'aria-live': 'polite', 'aria-relevant': 'additions', 'data-testid': 'announcer' });

    const position = settings.position === 'left' ? ' pw--left' : '';
    const container = h('div', { class: `pw${position}`, lang: widget.locale, dir: 'ltr' }, windowEl, launcher, announcer);
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

  /** Adds <parley-widget> with its shadow root at the end of <body>. */
  function mount() {
    defineElement();
    host = document.createElement('parley-widget');
    host.setAttribute('lang', widget.locale);
    shadow = host.attachShadow({ mode: 'open' });
    ui = buildUi();
    widget.messageList.attach(ui.messages);
    adoptStyles(shadow);
    shadow.append(ui.container);
    document.body.append(host);
    mounted = true;
    renderUnread(widget.unread.count());
  }

  /**
   * Parley.setLocale: the same widget drawn again in the new language. The state (start, the
   * conversation, what the visitor typed, open or closed) is kept; the focus moves to the new copy.
   */
  function remount() {
    if (!mounted) return;
    const form = readPrechatForm();
    const draft = ui.composer.value;
    const errorShown = !ui.error.hidden;
    const focusWasInside = hasFocusInside();
    const old = host;
    mount();
    old.remove();
    for (const [field, value] of Object.entries(form)) ui.fields[field].input.value = value;
    ui.composer.value = draft;
    setView(view);
    widget.messageList.redraw();
    widget.socket.renderStatus();
    renderControls();
    if (errorShown) showError(t('startFailed'), { retry: widget.start.state() === 'failed' });
    if (isOpen) {
      ui.window.hidden = false;
      ui.launcher.setAttribute('aria-expanded', 'true');
      if (focusWasInside) focusInitial();
    }
  }

  function clearPrechatForm() {
    if (!ui) return;
    for (const field of Object.values(ui.fields)) field.input.value = '';
    showFieldErrors({});
    hideError();
  }

  return {
    mount,
    remount,
    open,
    close,
    toggle,
    openIfRequested,
    current: () => view,
    isOpen: () => isOpen,
    setView,
    renderControls,
    focusPrechat,
    focusComposerIfOpen,
    focusFirstInvalidField,
    focusRetryIfOpen,
    hasFocusInside,
    showFieldErrors,
    setComposerError,
    composerErrorText,
    showError,
    hideError,
    showHint,
    hideHint,
    showTyping,
    hideTyping,
    renderUnread,
    clearPrechatForm,
    showConnectionStatus,
    announce,
    composerText: () => ui.composer.value,
    clearComposer,
    clearPrechatMessage() { ui.fields.message.input.value = ''; },
    readPrechatForm,
  };
}
