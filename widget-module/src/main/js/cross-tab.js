/**
 * Following the visitor's other tabs through localStorage's storage event: a new contact token
 * (another tab created or replaced the contact) or a new conversation id (it started a chat).
 */

export function createCrossTabSync(widget) {
  const { keys } = widget;

  function onStorage(event) {
    if (event.key === keys.contactToken) onTokenChangedElsewhere(event.newValue, event.oldValue);
    else if (event.key === keys.conversationId && event.newValue
      && event.newValue !== String(widget.conversation.id())) widget.conversation.restoreCurrent();
  }

  function onTokenChangedElsewhere(newValue, oldValue) {
    const contact = widget.contact;
    if (newValue === contact.token()) return;
    if (newValue) {
      // Another tab created (or replaced) the contact: follow it.
      if (widget.view.current() === 'chat' && widget.start.state() !== 'submitting') widget.conversation.resetToPrechat();
      contact.followOtherTab(newValue);
      widget.socket.reconnect();
      widget.conversation.restoreCurrent();
    } else if (oldValue && oldValue === contact.token()) {
      contact.handleInvalidToken();
    }
  }

  return { onStorage };
}
