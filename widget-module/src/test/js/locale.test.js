// Unit tests for src/main/js/i18n/locale.js. Run: node --test (in this directory)
import test from 'node:test';
import assert from 'node:assert/strict';

import { MESSAGES, resolveLocale, createTranslator } from '../../main/js/i18n/locale.js';

test('locale resolution falls back to English and maps Simplified Chinese tags to zh-CN', () => {
  assert.equal(resolveLocale('zh-CN'), 'zh-CN');
  assert.equal(resolveLocale('zh'), 'zh-CN');
  assert.equal(resolveLocale('zh_Hans_SG'), 'zh-CN');
  assert.equal(resolveLocale('zh-TW'), 'en');
  assert.equal(resolveLocale('zh-Hant-HK'), 'en');
  assert.equal(resolveLocale('en-GB'), 'en');
  assert.equal(resolveLocale('fr'), 'en');
  assert.equal(resolveLocale(undefined), 'en');
});

test('every locale defines every UI string', () => {
  const english = Object.keys(MESSAGES.en).sort();
  assert.deepEqual(Object.keys(MESSAGES['zh-CN']).sort(), english);
  assert.equal(MESSAGES.en.title, 'Chat with us');
  assert.equal(MESSAGES['zh-CN'].title, '与我们聊天');
  assert.equal(MESSAGES.en.hint, 'Still connecting — your message is safe');
  const t = createTranslator('zh-CN');
  assert.equal(t('launcherUnread', { title: t('launcher'), count: 3 }), '与我们聊天（3 条未读）');
  assert.equal(createTranslator('en')('launcherUnread', { title: 'Ask Acme', count: 2 }), 'Ask Acme (2 unread)');
  assert.equal(createTranslator('xx')('send'), 'Send');
});

test('every locale file under i18n/ is registered, and registered under a resolvable tag', async () => {
  const { readdirSync } = await import('node:fs');
  const files = readdirSync(new URL('../../main/js/i18n/', import.meta.url)).filter((file) => file !== 'locale.js');
  assert.deepEqual(files.map((file) => file.replace(/\.js$/, '')).sort(), Object.keys(MESSAGES).sort());
  for (const locale of Object.keys(MESSAGES)) assert.equal(resolveLocale(locale), locale);
});
