// Unit tests for src/main/js/start-machine.js. Run: node --test (in this directory)
import test from 'node:test';
import assert from 'node:assert/strict';

import { canTransition, createStartMachine } from '../../main/js/start-machine.js';

test('start state machine allows only the documented transitions', () => {
  const allowed = [
    ['idle', 'submitting'], ['submitting', 'opening'], ['opening', 'open'],
    ['submitting', 'failed'], ['failed', 'submitting'], ['submitting', 'idle'],
    ['open', 'idle'], ['idle', 'opening'], ['failed', 'idle'],
  ];
  for (const [from, to] of allowed) assert.equal(canTransition(from, to), true, `${from} -> ${to}`);
  const forbidden = [
    ['idle', 'open'], ['submitting', 'open'], ['submitting', 'submitting'], ['open', 'submitting'],
    ['failed', 'open'], ['idle', 'failed'], ['nope', 'idle'],
  ];
  for (const [from, to] of forbidden) assert.equal(canTransition(from, to), false, `${from} -> ${to}`);
});

test('the start machine refuses a second submit and reports every accepted change once', () => {
  const changes = [];
  const machine = createStartMachine((to) => changes.push(to));
  assert.equal(machine.state(), 'idle');
  assert.equal(machine.transition('submitting'), true);
  assert.equal(machine.isBusy(), true);
  assert.equal(machine.transition('submitting'), true, 'staying put is not a change');
  const warn = console.warn;
  console.warn = () => {};
  try {
    assert.equal(machine.transition('open'), false, 'submitting -> open skips opening');
  } finally {
    console.warn = warn;
  }
  assert.equal(machine.state(), 'submitting');
  machine.transition('opening');
  machine.transition('open');
  assert.equal(machine.isBusy(), false);
  assert.deepEqual(changes, ['submitting', 'opening', 'open']);
});
