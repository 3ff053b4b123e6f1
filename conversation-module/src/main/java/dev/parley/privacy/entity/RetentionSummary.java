package dev.parley.privacy.entity;

/**
 * What one run of the retention job removed, in counts: it is also the audit entry of the run.
 * {@code duplicateFlagsFixed}: stored "has duplicates" flags that disagreed with the rule (none, unless a recheck
 * failed); named in the audit entry only when there were some.
 */
public record RetentionSummary(
        int messagesRemoved,
        int auditEntriesDeleted,
        int idempotencyRecordsDeleted,
        int webhookEventsDeleted,
        int duplicateFlagsFixed) {

    public String describe() {
        return "messages removed " + messagesRemoved + "; audit entries deleted " + auditEntriesDeleted
                + "; idempotency records deleted " + idempotencyRecordsDeleted + "; webhook events deleted "
                + webhookEventsDeleted
                + (duplicateFlagsFixed == 0 ? "" : "; duplicate flags fixed " + duplicateFlagsFixed);
    }
}
