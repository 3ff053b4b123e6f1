// The build's contract: the module list in pom.xml, the rules that make concatenation safe, and the
// built /chat/sdk.js itself (when Maven has built it: PARLEY_WIDGET_BUNDLE or target/generated-webapp).
import test from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import vm from 'node:vm';

const MODULE_DIR = fileURLToPath(new URL('../../main/js/', import.meta.url));
const POM = fileURLToPath(new URL('../../../pom.xml', import.meta.url));
const BUNDLE = process.env.PARLEY_WIDGET_BUNDLE
  || fileURLToPath(new URL('../../../target/generated-webapp/sdk.js', import.meta.url));

function bundleOrder() {
  const list = readFileSync(POM, 'utf8').match(/<filelist id="widget-modules"[^>]*>([\s\S]*?)<\/filelist>/);
  assert.ok(list, 'pom.xml has <filelist id="widget-modules">');
  return [...list[1].matchAll(/<file name="([^"]+)"\/>/g)].map((match) => match[1]);
}

function moduleFiles(dir = MODULE_DIR) {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return moduleFiles(full);
    return name.endsWith('.js') ? [path.relative(MODULE_DIR, full).split(path.sep).join('/')] : [];
  });
}

const source = (module) => readFileSync(path.join(MODULE_DIR, module), 'utf8');

test('the bundle lists every module exactly once, each after the modules it imports', () => {
  const order = bundleOrder();
  assert.deepEqual([...order].sort(), moduleFiles().sort());
  assert.equal(new Set(order).size, order.length);
  order.forEach((module, position) => {
    for (const line of source(module).split('\n').filter((text) => /^\s*import\b/.test(text))) {
      const match = line.match(/^import \{[^}]*\} from '(\.{1,2}\/[^']+)';$/);
      assert.ok(match, `${module}: the build strips only one-line "import { ... } from '...';" lines: ${line}`);
      const imported = path.posix.normalize(path.posix.join(path.posix.dirname(module), match[1]));
      assert.ok(order.indexOf(imported) >= 0 && order.indexOf(imported) < position,
        `${module} imports ${imported}, which must come earlier in pom.xml`);
    }
  });
});

test('exports are plain declarations and top-level names are unique across modules', () => {
  const owners = new Map();
  for (const module of bundleOrder()) {
    for (const line of source(module).split('\n')) {
      if (/^\s*export\b/.test(line)) {
        assert.match(line, /^export (const|function|async function|class) /, `${module}: the build strips only "export ": ${line}`);
      }
      const declared = line.match(/^(?:export )?(?:async )?(?:function\*?|const|let|var|class) ([A-Za-z_$][\w$]*)/);
      if (!declared) continue;
      const name = declared[1];
      assert.ok(!owners.has(name), `${name} is declared in ${owners.get(name)} and in ${module}: one IIFE has one scope`);
      owners.set(name, module);
    }
  }
});

test('the CSS is a plain template literal: nothing interpolated', () => {
  const css = source('styles.js');
  assert.equal(css.split('`').length - 1, 2);
  assert.ok(!css.includes('${'));
});

test('the built sdk.js parses, keeps no import or export, and boots with only window.Parley', (t) => {
  if (!existsSync(BUNDLE)) {
    t.skip(`${BUNDLE} not built yet (mvn -pl widget-module generate-resources)`);
    return;
  }
  const code = readFileSync(BUNDLE, 'utf8');
  const script = new vm.Script(code, { filename: 'sdk.js' });
  assert.ok(!/^(import|export)\b/m.test(code));

  const listeners = [];
  const warnings = [];
  const scriptTag = (attributes) => ({
    src: 'https://example.com/chat/sdk.js',
    hasAttribute: (name) => name in attributes,
    getAttribute: (name) => attributes[name] ?? null,
  });
  const run = (attributes, before = () => {}) => {
    const context = vm.createContext({
      document: {
        currentScript: scriptTag(attributes),
        body: null,
        querySelector: () => null,
        addEventListener: (type, callback) => listeners.push(type),
      },
      navigator: { language: 'zh-CN' },
      console: { warn: (...args) => warnings.push(args.join(' ')), log() {}, error() {} },
      URL,
      setTimeout,
      clearTimeout,
    });
    context.window = context;
    before(context);
    const keys = new Set(Object.keys(context));
    script.runInContext(context);
    return { context, added: Object.keys(context).filter((key) => !keys.has(key)) };
  };

  const { context, added } = run({ 'data-website-token': 'site-1' });
  assert.deepEqual(added, ['Parley']);
  const { Parley } = context;
  const methods = ['setUser', 'reset', 'open', 'close', 'toggle', 'setLocale', 'unreadCount', 'state', 'conversationId', 'reconnect'];
  for (const name of methods) assert.equal(typeof Parley[name], 'function', name);
  assert.equal(typeof Parley, 'function', 'Parley("open") works like Parley.open()');
  assert.equal(Parley('unreadCount'), 0);
  assert.equal(Parley.version, '1.0.0');
  assert.equal(Parley.state(), 'idle');
  assert.equal(Parley.conversationId(), null);
  assert.deepEqual(listeners, ['DOMContentLoaded'], 'mounts once <body> exists');
  Parley.open(); // before mount: remembered, not an error
  assert.deepEqual(warnings, []);

  // The embed snippet's stub: its queued calls run, in order, as soon as the script has loaded.
  const queued = run({ 'data-website-token': 'site-1' }, (window) => {
    window.Parley = function () { (window.Parley.q = window.Parley.q || []).push(arguments); };
    window.Parley('toggle');
    window.Parley('noSuchMethod', 1);
    window.Parley('setUser', '', {});
  });
  assert.equal(typeof queued.context.Parley.version, 'string', 'the stub was replaced by the API');
  assert.match(warnings.join('\n'), /unknown method "noSuchMethod"/);

  assert.deepEqual(run({}).added, []);
  assert.match(warnings.join('\n'), /missing <script src=.*data-website-token/);
});
