package dev.parley.start.entity;

/**
 * One visitor's start as the transaction sees it: its Idempotency-Key, the normalized form, the form's
 * fingerprint and the request id its audit entry carries.
 */
public record StartRequest(String key, PreChatForm form, String fingerprint, String requestId) {

    public static StartRequest of(String key, PreChatForm form, String requestId) {
        PreChatForm normalized = form.normalized();
        return new StartRequest(key, normalized, normalized.fingerprint(), requestId);
    }
}
