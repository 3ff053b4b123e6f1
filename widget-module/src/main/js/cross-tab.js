/**
 * Following the visitor's other tabs. Shared state lives in localStorage and is followed through
 * its storage event: a new contact token (another tab created or replaced the contact), a new
 * conversation id, the unread list. One-off signals come over the tab bus: a conversation started
 * elsewhere (shown here without a start request), the window opened or closed, a reset.
 */

export function createCrossTabSync(widget) {
  const { keys } = widget;

  function onStorage(event) {
    widget.tabs.onStorage(event);
    widget.unread.onStorage(event);
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

  /** A message from another tab of this site (see tab-bus.js). */
  function onTabMessage(message) {
    switch (message.type) {
      case 'conversation-started': followStart(message); break;
      case 'opened': widget.view.open({ fromOtherTab: true }); break;
      case 'closed': widget.view.close({ fromOtherTab: true }); break;
      case 'reset': widget.identity.forgetDevice({ broadcast: false }); break;
      default: break; // a newer widget version in another tab: ignore what we do not know
    }
  }

  function followStart({ conversation, token }) {
    if (!conversation || conversation.id == null) return;
    const contact = widget.contact;
    if (typeof token === 'string' && token && token !== contact.token()) {
      // The bus can overtake the storage event that carries the same token.
      contact.followOtherTab(token);
      widget.socket.reconnect();
    }
    widget.conversation.adopt(conversation);
  }

  return { onStorage, onTabMessage };
}
