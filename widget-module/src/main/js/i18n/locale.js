/** Locale resolution and the translator: the one place that knows which locale files exist. */

import { DEFAULT_LOCALE } from '../constants.js';
import { TEXTS_EN } from './en.js';
import { TEXTS_ZH_CN } from './zh-CN.js';

export const MESSAGES = Object.freeze({
  en: TEXTS_EN,
  'zh-CN': TEXTS_ZH_CN,
});

/** Maps a BCP 47 tag to a supported locale: zh / zh-CN / zh-Hans* → zh-CN, everything else → en. */
export function resolveLocale(requested) {
  const tag = String(requested || '').trim().replace(/_/g, '-').toLowerCase();
  if (tag === 'zh' || tag.startsWith('zh-')) {
    // Traditional-script variants are not supported and fall back to English.
    return /^zh-(hant|tw|hk|mo)(-|$)/.test(tag) ? DEFAULT_LOCALE : 'zh-CN';
  }
  return DEFAULT_LOCALE;
}

export function formatTemplate(template, params) {
  return String(template).replace(/\{(\w+)\}/g, (match, name) =>
    params && Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : match);
}

export function createTranslator(locale) {
  const table = MESSAGES[locale] || MESSAGES[DEFAULT_LOCALE];
  return (key, params) => {
    const template = table[key] ?? MESSAGES[DEFAULT_LOCALE][key] ?? key;
    return formatTemplate(template, params);
  };
}

export function createTimeFormat(locale) {
  try {
    return new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' });
  } catch (_) {
    return null;
  }
}
