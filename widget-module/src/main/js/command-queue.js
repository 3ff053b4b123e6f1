/**
 * Calls made before sdk.js loaded. The embed snippet defines the Intercom-style stub
 *   window.Parley = window.Parley || function () { (Parley.q = Parley.q || []).push(arguments); };
 * so Parley('setUser', 'u-42', {...}) only records [method, ...args]; after boot they run in order.
 */

/** The recorded calls as [method, args] pairs, oldest first; anything that is not a call is skipped. */
export function queuedCalls(stub) {
  const queue = stub && Array.isArray(stub.q) ? stub.q : [];
  return queue
    .map((entry) => Array.from(entry || []))
    .filter((entry) => typeof entry[0] === 'string')
    .map(([method, ...args]) => [method, args]);
}

/** Runs each call on the API in order; one failing call never stops the ones after it. */
export function replayCalls(api, calls) {
  for (const [method, args] of calls) invokeMethod(api, method, args);
}

/** Parley('open') and Parley.open() are the same call; an unknown name only warns. */
export function invokeMethod(api, method, args) {
  if (typeof method !== 'string' || typeof api[method] !== 'function' || !Object.prototype.hasOwnProperty.call(api, method)) {
    console.warn(`Parley: unknown method "${method}"`);
    return undefined;
  }
  try {
    return api[method](...args);
  } catch (err) {
    console.warn(`Parley: ${method}() failed`, err);
    return undefined;
  }
}
