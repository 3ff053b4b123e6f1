/**
 * The widget's CSS, scoped by the shadow root; px units so the host's root font size can't leak in.
 * Plain CSS inside a template literal: no interpolation and no backquotes (bundle.test.js checks it).
 */

export const STYLES = `
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
/* position: 'left' (window.parleySettings) mirrors the launcher and the window. */
.pw--left .pw-launcher, .pw--left .pw-window { right: auto; left: 20px; }
@media (max-width: 480px) {
  .pw .pw-window { inset: 0; width: 100%; max-width: none; height: 100%; max-height: none; border-radius: 0; border: 0; }
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
.pw-erasure { padding: 0 12px 8px; }
.pw-link {
  border: 0; background: none; padding: 4px 0; color: #4b5563; font: inherit; font-size: 12px;
  text-decoration: underline; cursor: pointer;
}
.pw-link:disabled { cursor: default; opacity: .6; }
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
