/**
 * Starting a chat: one entry point for the Start button, Enter and Retry, automatic retries
 * that reuse the attempt's Idempotency-Key, and the latency hint. The state machine refuses
 * a second start while one is in flight.
 */

import { HINT_DELAY_MS, START_RETRY, RATE_LIMIT } from './constants.js';
import { dispatch, dispatchError, sleep } from './platform.js';
import { normalizePrechat, validatePrechat, mapServerFieldErrors } from './prechat-form.js';
import { createStartMachine } from './start-machine.js';
import { retryAfterMs, rateLimitDelayMs } from './retry-delays.js';
import { NetworkError, HttpError, UnavailableError, FieldErrorsError } from './http-client.js';
import { IdentityRequiredError } from './contact-session.js';

export function createStartFlow(widget) {
  const { t, idempotency } = widget;
  const machine = createStartMachine((to) => {
    widget.view.renderControls();
    dispatch('parley:state', { state: to });
  });
  let inFlight = null;
  let hintTimer = null;

  /** Single entry point for Start button, Enter key and Retry. Returns the in-flight promise if any. */
  function startChat() {
    if (inFlight) return inFlight;
    const state = machine.state();
    if (state !== 'idle' && state !== 'failed') return Promise.resolve(state === 'open');
    const values = normalizePrechat(widget.view.readPrechatForm());
    const errors = validatePrechat(values);
    if (Object.keys(errors).length) {
      widget.view.showFieldErrors(Object.fromEntries(Object.entries(errors).map(([field, key]) => [field, t(key)])));
      widget.view.focusFirstInvalidField();
      return Promise.resolve(false);
    }
    widget.view.showFieldErrors({});
    widget.view.hideError();
    machine.transition('submitting');
    inFlight = runStartAttempt(values).finally(() => { inFlight = null; });
    return inFlight;
  }

  async function runStartAttempt(values) {
    hintTimer = setTimeout(() => { if (machine.isBusy()) widget.view.showHint(); }, HINT_DELAY_MS);
    try {
      const conversation = await postConversation(values);
      idempotency.release();
      machine.transition('opening');
      dispatch('parley:conversation-started', { conversationId: conversation.id });
      // The other tabs show it too, without a start request of their own.
      widget.tabs.post({ type: 'conversation-started', conversation, token: widget.contact.token() });
      await widget.conversation.show(conversation);
      widget.view.clearPrechatMessage();
      if (machine.state() === 'opening') machine.transition('open');
      widget.view.focusComposerIfOpen();
      if (widget.context) widget.context.onConversationStarted();
      widget.messages.syncGap(); // catches messages whose socket events arrived before we knew the conversation id
      return true;
    } catch (err) {
      handleStartFailure(err);
      return false;
    } finally {
      clearTimeout(hintTimer);
      widget.view.hideHint();
    }
  }

  /** POST conversations with automatic retries that all reuse the attempt's Idempotency-Key. */
  async function postConversation(values) {
    let key = idempotency.acquire(values);
    let retries = 0;
    let limitedRetries = 0;
    let reauthenticated = false;
    let rekeyed = false;
    for (;;) {
      let response;
      let token = null;
      try {
        token = await widget.contact.ensure({ create: true });
        response = await widget.http.request('conversations', {
          method: 'POST', token, body: values, headers: { 'Idempotency-Key': key },
        });
      } catch (err) {
        if (err instanceof HttpError && err.status === 429) {
          // POST session over the per-address limit: the same wait as a limited start.
          if (!await waitOutLimit(err.response, limitedRetries++)) throw err;
          continue;
        }
        const retryable = err instanceof NetworkError || (err instanceof HttpError && err.status === 503);
        if (!retryable || retries >= START_RETRY.maxRetries) throw err;
        retries += 1;
        await sleep(retryAfterMs(err.response ? err.response.headers.get('Retry-After') : null));
        continue;
      }
      const { status } = response;
      if (status === 429) {
        if (!await waitOutLimit(response, limitedRetries++)) throw new HttpError(response);
        continue;
      }
      if (limitedRetries) widget.view.hideError();
      if (status === 200 || status === 201) return response.data;
      if (status === 400) throw new FieldErrorsError(response.data);
      if (status === 401 && !reauthenticated) {
        reauthenticated = true;
        widget.contact.forget(token);
        continue;
      }
      if (status === 422 && !rekeyed) {
        // The stored key belongs to a different body (e.g. restored after a reload): start a fresh attempt.
        rekeyed = true;
        key = idempotency.renew(values);
        continue;
      }
      if ((status === 409 || status === 503) && retries < START_RETRY.maxRetries) {
        retries += 1;
        await sleep(retryAfterMs(response.headers.get('Retry-After')));
        continue;
      }
      throw new HttpError(response);
    }
  }

  /**
   * A 429 (a visitor limit; nothing was written): tells the visitor, then waits at least Retry-After
   * before the caller retries with the same Idempotency-Key. False when the automatic retries are spent.
   */
  async function waitOutLimit(response, limitedRetries) {
    dispatchError('rate-limited', `The start was refused by a visitor limit (${response.status})`);
    if (limitedRetries >= RATE_LIMIT.maxRetries) return false;
    widget.view.showError(t('rateLimited'), { retry: false });
    await sleep(rateLimitDelayMs(response.headers.get('Retry-After')));
    return true;
  }

  function handleStartFailure(err) {
    if (err instanceof FieldErrorsError) {
      const { fields, general } = mapServerFieldErrors(err.problem);
      widget.view.showFieldErrors(Object.fromEntries(Object.entries(fields).map(([field, text]) => [field, text || t('fieldInvalid')])));
      if (general.length) widget.view.showError(general.join(' '), { retry: false });
      else if (!Object.keys(fields).length) widget.view.showError(t('invalidRequest'), { retry: false });
      machine.transition('idle');
      if (Object.keys(fields).length) widget.view.focusFirstInvalidField();
      return;
    }
    if (err instanceof IdentityRequiredError) {
      dispatchError('identity-required', err.message);
      widget.view.showError(t('identityRequired'), { retry: false });
      machine.transition('idle');
      return;
    }
    const limited = err instanceof HttpError && err.status === 429;
    if (err instanceof UnavailableError) console.warn('Parley: the website token was not recognised by the server');
    else if (!(err instanceof NetworkError) && !(err instanceof HttpError)) console.warn('Parley: could not start the chat', err);
    dispatchError(err instanceof UnavailableError ? 'unavailable' : 'start-failed', err && err.message);
    const text = err instanceof UnavailableError ? t('unavailable') : t(limited ? 'rateLimited' : 'startFailed');
    widget.view.showError(text, { retry: true });
    machine.transition('failed');
    widget.view.focusRetryIfOpen();
  }

  /** An edited form is a new attempt and must not reuse the previous Idempotency-Key. */
  function onFormEdited() {
    const state = machine.state();
    if (state !== 'idle' && state !== 'failed') return;
    idempotency.release();
    widget.view.hideError();
    if (state === 'failed') machine.transition('idle');
  }

  /** After a reset: a failed or finished start is forgotten (one in flight ends on its own). */
  function reset() {
    const state = machine.state();
    if (state === 'failed' || state === 'open' || state === 'opening') machine.transition('idle');
    widget.view.hideError();
  }

  return {
    reset,
    state: machine.state,
    isBusy: machine.isBusy,
    transition: machine.transition,
    startChat,
    onFormEdited,
  };
}
