package dev.parley.privacy.entity;

import java.time.Instant;
import java.util.List;

/**
 * What an erasure did, in counts only (it is also the audit entry's detail): the contacts erased (the one
 * asked for and those merged into it), their conversations, the messages whose texts were removed, the devices
 * revoked, the idempotency records deleted and the audit entries whose details were scrubbed.
 */
public record ErasureSummary(
        long contactId,
        List<Long> contactIds,
        Instant erasedAt,
        int conversations,
        int messagesRemoved,
        int devicesRevoked,
        int idempotencyRecordsDeleted,
        int auditDetailsScrubbed,
        int requestsConfirmed) {

    public String describe() {
        return "contacts " + contactIds + "; conversations " + conversations + "; messages removed " + messagesRemoved
                + "; devices revoked " + devicesRevoked + "; idempotency records deleted " + idempotencyRecordsDeleted
                + "; audit details scrubbed " + auditDetailsScrubbed + "; requests confirmed " + requestsConfirmed;
    }
}
