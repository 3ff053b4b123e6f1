package dev.parley.privacy.entity;

/** What one run of the retention job removed, in counts: it is also the audit entry of the run. */
public record RetentionSummary(
        int messagesRemoved, int auditEntriesDeleted, int idempotencyRecordsDeleted, int webhookEventsDeleted) {

    public String describe() {
        return "messages removed " + messagesRemoved + "; audit entries deleted " + auditEntriesDeleted
                + "; idempotency records deleted " + idempotencyRecordsDeleted + "; webhook events deleted "
                + webhookEventsDeleted;
    }
}
