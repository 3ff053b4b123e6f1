/**
 * The embedding page's settings: window.parleySettings first, then the script tag's data-*
 * attributes, then the defaults. Unknown values fall back quietly (with a console warning).
 */

import { POSITIONS, CONTEXT_URL_MODES } from './constants.js';
import { resolveLocale } from './i18n/locale.js';

const SETTING_ATTRIBUTES = Object.freeze({
  locale: 'data-locale', position: 'data-position', hideLauncher: 'data-hide-launcher', launcherTitle: 'data-launcher-title',
  shareContext: 'data-share-context', contextUrl: 'data-context-url', erasureRequest: 'data-erasure-request',
});

function attributeValue(script, name) {
  return script && typeof script.getAttribute === 'function' ? script.getAttribute(name) : null;
}

function parseBoolean(value) {
  if (typeof value === 'boolean') return value;
  if (value == null) return null;
  const text = String(value).trim().toLowerCase();
  if (text === '' || text === 'true' || text === '1' || text === 'yes') return true;
  if (text === 'false' || text === '0' || text === 'no') return false;
  return null;
}

/** Merges the two sources; window.parleySettings wins over the data-* attributes for every key. */
export function readSettings(script, pageSettings, browserLanguage = '') {
  const page = pageSettings && typeof pageSettings === 'object' ? pageSettings : {};
  const pick = (key) => (page[key] !== undefined && page[key] !== null ? page[key] : attributeValue(script, SETTING_ATTRIBUTES[key]));

  const requestedPosition = pick('position');
  const position = requestedPosition == null ? 'right' : String(requestedPosition).trim().toLowerCase();
  if (!POSITIONS.includes(position)) console.warn(`Parley: position must be "right" or "left", not "${requestedPosition}"`);

  const title = pick('launcherTitle');
  const launcherTitle = title == null ? '' : String(title).replace(/[\u0000-\u001f\u007f]/g, ' ').trim().slice(0, 100);

  const requestedContextUrl = pick('contextUrl');
  const contextUrl = requestedContextUrl == null ? 'full' : String(requestedContextUrl).trim().toLowerCase();
  if (!CONTEXT_URL_MODES.includes(contextUrl)) {
    console.warn(`Parley: contextUrl must be "full", "path" or "origin", not "${requestedContextUrl}"; only the origin is shared`);
  }

  // Unreadable privacy settings share the least: shareContext only when not given or clearly true.
  const requestedShare = pick('shareContext');
  const shareContext = requestedShare == null || parseBoolean(requestedShare) === true;
  if (requestedShare != null && parseBoolean(requestedShare) == null) {
    console.warn(`Parley: shareContext must be true or false, not "${requestedShare}"; the page context is not shared`);
  }

  return {
    locale: resolveLocale(pick('locale') || browserLanguage),
    position: POSITIONS.includes(position) ? position : 'right',
    hideLauncher: parseBoolean(pick('hideLauncher')) === true,
    launcherTitle,
    shareContext,
    contextUrl: CONTEXT_URL_MODES.includes(contextUrl) ? contextUrl : 'origin',
    // off unless clearly asked for; the inbox must offer it too (else the server answers 404)
    erasureRequest: parseBoolean(pick('erasureRequest')) === true,
  };
}
