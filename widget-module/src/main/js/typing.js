/** The visitor's typing signal: typing.on at most every 3 s while typing, typing.off when idle or sent. */

import { TYPING_SEND_INTERVAL_MS, TYPING_IDLE_MS } from './constants.js';

export function createVisitorTyping(widget) {
  const typing = { lastSentAt: 0, idleTimer: null };

  function onInput(text) {
    if (!text.trim()) { stop(); return; }
    const now = Date.now();
    if (now - typing.lastSentAt > TYPING_SEND_INTERVAL_MS) {
      typing.lastSentAt = now;
      widget.socket.send({ type: 'typing.on', conversationId: widget.conversation.id() });
    }
    clearTimeout(typing.idleTimer);
    typing.idleTimer = setTimeout(stop, TYPING_IDLE_MS);
  }

  function stop() {
    clearTimeout(typing.idleTimer);
    if (!typing.lastSentAt) return;
    typing.lastSentAt = 0;
    widget.socket.send({ type: 'typing.off', conversationId: widget.conversation.id() });
  }

  return { onInput, stop };
}
