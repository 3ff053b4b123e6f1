/**
 * Boot: finds its own <script data-website-token> tag, derives the API and WebSocket URLs
 * from its src, reads the settings, runs the calls the embed snippet's stub queued and mounts
 * the widget once <body> exists. Last in the bundle, and the only module that does something
 * when loaded.
 */

import { root } from './platform.js';
import { readSettings } from './settings.js';
import { queuedCalls, replayCalls } from './command-queue.js';
import { createWidget } from './widget.js';

export function deriveEndpoints(scriptSrc) {
  const apiBase = new URL('api/v1/', scriptSrc);
  const wsUrl = new URL('ws', scriptSrc);
  wsUrl.protocol = wsUrl.protocol === 'https:' ? 'wss:' : 'ws:';
  return { apiBase: apiBase.href, wsUrl: wsUrl.href };
}

function findOwnScript() {
  // document.currentScript is only set while the script runs; boot() runs synchronously at load.
  const ownScript = document.currentScript;
  if (ownScript && ownScript.hasAttribute('data-website-token')) return ownScript;
  return document.querySelector('script[data-website-token]');
}

export function boot() {
  const stub = root.Parley;
  if (stub && typeof stub.version === 'string') {
    console.warn('Parley: the widget is already loaded on this page');
    return;
  }
  const script = findOwnScript();
  const websiteToken = script && script.getAttribute('data-website-token');
  if (!websiteToken || !script.src) {
    console.warn('Parley: missing <script src="…/sdk.js" data-website-token="…">');
    return;
  }
  const browserLanguage = typeof navigator !== 'undefined' ? navigator.language : '';
  const settings = readSettings(script, root.parleySettings, browserLanguage);
  const widget = createWidget({ websiteToken, endpoints: deriveEndpoints(script.src), settings });
  const calls = queuedCalls(stub);
  root.Parley = widget.api;
  // In order and before any later call: on the mounted widget when <body> exists (each call shows,
  // with its events), otherwise right away, since every method also works before the mount (open
  // waits for it, setUser and reset for the stored token's check).
  if (document.body) {
    widget.mount();
    replayCalls(widget.api, calls);
  } else {
    replayCalls(widget.api, calls);
    document.addEventListener('DOMContentLoaded', widget.mount, { once: true });
  }
}

if (typeof document !== 'undefined') boot();
