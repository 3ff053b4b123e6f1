/**
 * The widget API over fetch: JSON in, JSON out, a timeout on every request, no cookies.
 * Only a network failure rejects; every HTTP status comes back as {status, headers, data}.
 */

import { REQUEST_TIMEOUT_MS } from './constants.js';
import { parseJson } from './platform.js';

export class NetworkError extends Error {}
export class InvalidTokenError extends Error {}
export class UnavailableError extends Error {}
export class HttpError extends Error {
  constructor(response) {
    super(`HTTP ${response.status}`);
    this.status = response.status;
    this.response = response;
  }
}
export class FieldErrorsError extends Error {
  constructor(problem) {
    super('Validation failed');
    this.problem = problem;
  }
}

export function createHttpClient(apiBase) {
  return {
    async request(path, { method = 'GET', body, token, headers = {} } = {}) {
      const init = {
        method,
        headers: { Accept: 'application/json, application/problem+json', ...headers },
        mode: 'cors',
        credentials: 'omit',
        cache: 'no-store',
      };
      if (token) init.headers.Authorization = `Bearer ${token}`;
      if (body !== undefined) {
        init.headers['Content-Type'] = 'application/json';
        init.body = JSON.stringify(body);
      }
      const controller = typeof AbortController === 'function' ? new AbortController() : null;
      if (controller) init.signal = controller.signal;
      const timer = setTimeout(() => controller && controller.abort(), REQUEST_TIMEOUT_MS);
      try {
        const response = await fetch(new URL(path, apiBase).href, init);
        const text = await response.text();
        return { status: response.status, headers: response.headers, data: text ? parseJson(text) : null };
      } catch (err) {
        // fetch only rejects on network failure, CORS refusal or our timeout abort.
        throw new NetworkError(err && err.message ? err.message : 'Network error');
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

export function conversationPath(conversationId, suffix = '') {
  return `conversations/${encodeURIComponent(conversationId)}${suffix}`;
}
