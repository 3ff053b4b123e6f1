/**
 * The start state machine. "opening" means the server answered and the chat view is being
 * rendered; only once it shows the first message do we enter "open". Any other change is
 * refused, which is what makes a double submit impossible.
 */

export const START_TRANSITIONS = Object.freeze({
  idle: Object.freeze(['submitting', 'opening']),
  submitting: Object.freeze(['opening', 'failed', 'idle']),
  opening: Object.freeze(['open', 'failed', 'idle']),
  open: Object.freeze(['idle', 'opening']),
  failed: Object.freeze(['submitting', 'opening', 'idle']),
});

export function canTransition(from, to) {
  return Boolean(START_TRANSITIONS[from] && START_TRANSITIONS[from].includes(to));
}

/** Holds the current state; onChange(to) runs after every accepted change. */
export function createStartMachine(onChange) {
  let current = 'idle';
  return {
    state: () => current,
    /** submitting or opening: the form is locked and the Start button busy. */
    isBusy: () => current === 'submitting' || current === 'opening',
    transition(to) {
      if (current === to) return true;
      if (!canTransition(current, to)) {
        console.warn(`Parley: ignored invalid state change ${current} -> ${to}`);
        return false;
      }
      current = to;
      onChange(to);
      return true;
    },
  };
}
