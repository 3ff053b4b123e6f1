/**
 * The visitor's own erasure request (off unless the page sets erasureRequest: true, and the inbox must offer it
 * too): one POST with the contact token, and what to tell the visitor. An admin decides the request; nothing is
 * erased here.
 */

export function createErasureRequest(widget) {
  return {
    /** 'sent' (filed, or already waiting), 'unavailable' (the website does not take them), 'limited' or 'failed'. */
    async send() {
      const token = widget.contact.token();
      if (!token) return 'failed';
      try {
        const response = await widget.http.request('erasure-requests', { method: 'POST', token });
        if (response.status === 201 || response.status === 200) return 'sent';
        if (response.status === 404) return 'unavailable';
        if (response.status === 429) return 'limited';
        return 'failed';
      } catch (err) {
        return 'failed';
      }
    },
  };
}

/** The text key for an outcome of send(). */
export function erasureText(outcome) {
  return {
    sent: 'erasureSent', unavailable: 'erasureUnavailable', limited: 'rateLimited',
  }[outcome] || 'erasureFailed';
}
