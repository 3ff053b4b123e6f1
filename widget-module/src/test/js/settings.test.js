// Unit tests for src/main/js/settings.js. Run: node --test (in this directory)
import test from 'node:test';
import assert from 'node:assert/strict';

import { readSettings } from '../../main/js/settings.js';

const tag = (attributes) => ({ getAttribute: (name) => attributes[name] ?? null });

test('defaults without settings or attributes: right, launcher shown, browser language', () => {
  assert.deepEqual(readSettings(tag({}), undefined, 'zh-Hans-CN'),
    { locale: 'zh-CN', position: 'right', hideLauncher: false, launcherTitle: '', shareContext: true, contextUrl: 'full',
      erasureRequest: false });
});

test('data attributes are read, and window.parleySettings wins over them key by key', () => {
  const script = tag({ 'data-locale': 'zh-CN', 'data-position': 'left', 'data-hide-launcher': '', 'data-launcher-title': 'Help' });
  assert.deepEqual(readSettings(script, undefined, 'en'),
    { locale: 'zh-CN', position: 'left', hideLauncher: true, launcherTitle: 'Help', shareContext: true, contextUrl: 'full',
      erasureRequest: false });
  assert.deepEqual(readSettings(script, { locale: 'en', hideLauncher: false }, 'en'),
    { locale: 'en', position: 'left', hideLauncher: false, launcherTitle: 'Help', shareContext: true, contextUrl: 'full',
      erasureRequest: false });
});

test('unknown values fall back instead of breaking the widget', (t) => {
  t.mock.method(console, 'warn', () => {});
  const settings = readSettings(tag({}), { position: 'middle', locale: 'fr', hideLauncher: 'perhaps', launcherTitle: 'Ask\nus' }, '');
  assert.deepEqual(settings, {
    locale: 'en', position: 'right', hideLauncher: false, launcherTitle: 'Ask us', shareContext: true, contextUrl: 'full',
    erasureRequest: false,
  });
  assert.equal(console.warn.mock.callCount(), 1);
});

test('the page context: shareContext false or an unreadable value shares nothing; contextUrl narrows the URL', (t) => {
  t.mock.method(console, 'warn', () => {});
  assert.equal(readSettings(tag({}), { shareContext: false }, 'en').shareContext, false);
  assert.equal(readSettings(tag({ 'data-share-context': 'false' }), undefined, 'en').shareContext, false);
  assert.equal(readSettings(tag({ 'data-share-context': 'false' }), { shareContext: true }, 'en').shareContext, true);
  assert.equal(readSettings(tag({}), { shareContext: 'nope' }, 'en').shareContext, false);
  assert.equal(readSettings(tag({ 'data-context-url': 'path' }), undefined, 'en').contextUrl, 'path');
  assert.equal(readSettings(tag({}), { contextUrl: 'Origin' }, 'en').contextUrl, 'origin');
  assert.equal(readSettings(tag({}), { contextUrl: 'everything' }, 'en').contextUrl, 'origin', 'unknown: the least');
  assert.equal(console.warn.mock.callCount(), 2);
});
