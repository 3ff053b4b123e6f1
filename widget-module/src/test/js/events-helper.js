// Test helper: Node's globalThis is no EventTarget, so the widget's window events need one to land on.
export function listen(name) {
  if (typeof globalThis.dispatchEvent !== 'function') {
    const target = new EventTarget();
    globalThis.addEventListener = target.addEventListener.bind(target);
    globalThis.removeEventListener = target.removeEventListener.bind(target);
    globalThis.dispatchEvent = target.dispatchEvent.bind(target);
  }
  const details = [];
  const listener = (event) => details.push(event.detail);
  globalThis.addEventListener(name, listener);
  return { details, stop: () => globalThis.removeEventListener(name, listener) };
}
