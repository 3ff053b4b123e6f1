/** The host page's window and the few browser helpers every module may use. */

export const root = typeof window !== 'undefined' ? window : globalThis;

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Resolves after the next paint (with a timeout, because rAF is paused in background tabs). */
export function nextFrame() {
  return new Promise((resolve) => {
    let done = false;
    const finish = () => { if (!done) { done = true; resolve(); } };
    if (typeof root.requestAnimationFrame === 'function') {
      root.requestAnimationFrame(() => setTimeout(finish, 0));
    }
    setTimeout(finish, 100);
  });
}

/** Fires a CustomEvent on window; a failing host listener never breaks the widget. */
export function dispatch(name, detail) {
  try {
    root.dispatchEvent(new CustomEvent(name, { detail }));
  } catch (err) {
    console.warn(`Parley: a "${name}" listener failed`, err);
  }
}

/** parley:error with its documented detail {code, message}. */
export function dispatchError(code, message) {
  dispatch('parley:error', { code, message: String(message || code) });
}

export function parseJson(text) {
  try { return JSON.parse(text); } catch (_) { return null; }
}

export function isOffline() {
  return typeof navigator !== 'undefined' && navigator.onLine === false;
}
