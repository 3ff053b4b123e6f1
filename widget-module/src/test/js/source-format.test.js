// House formatting of the widget's sources and tests, checked in the build so it is never argued about:
// two-space indentation, no tabs, no trailing spaces, LF line ends, a final newline, lines up to 140 characters.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const ROOTS = ['../../main/js/', './'].map((dir) => fileURLToPath(new URL(dir, import.meta.url)));
const MAX_LINE = 140;

function sources(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sources(full);
    return /\.(js|json)$/.test(name) ? [full] : [];
  });
}

test('widget sources follow the house format', () => {
  const problems = [];
  for (const file of ROOTS.flatMap(sources)) {
    const text = readFileSync(file, 'utf8');
    const where = path.relative(process.cwd(), file);
    if (text.includes('\r')) problems.push(`${where}: CR line ends`);
    if (!text.endsWith('\n') || text.endsWith('\n\n')) problems.push(`${where}: must end with exactly one newline`);
    text.split('\n').forEach((line, index) => {
      const at = `${where}:${index + 1}`;
      if (line.includes('\t')) problems.push(`${at}: tab`);
      if (/\s$/.test(line)) problems.push(`${at}: trailing whitespace`);
      if (line.length > MAX_LINE) problems.push(`${at}: longer than ${MAX_LINE} characters`);
      const indent = line.match(/^ */)[0].length;
      if (indent % 2 && !line.slice(indent).startsWith('*')) problems.push(`${at}: indentation is not a multiple of two`);
    });
  }
  assert.deepEqual(problems, []);
});
