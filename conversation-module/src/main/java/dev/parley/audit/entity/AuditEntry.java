package dev.parley.audit.entity;

/**
 * What to write into the audit log. {@code actor} is {@code contact:ID}, {@code agent:NAME} or
 * {@code system}.
 */
public record AuditEntry(
        String action,
        String outcome,
        String actor,
        String requestId,
        Long contactId,
        Long conversationId,
        String detail) {

    public static AuditEntry byContact(
            long contactId, String action, String outcome, String requestId, Long conversationId, String detail) {
        return new AuditEntry(action, outcome, "contact:" + contactId, requestId, contactId, conversationId, detail);
    }
}
