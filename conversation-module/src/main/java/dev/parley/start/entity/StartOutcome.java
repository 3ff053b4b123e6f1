package dev.parley.start.entity;

/**
 * What a conversation start did, as {@link StartDecision} decides it: the HTTP status it answers
 * with and the word the audit log records for it ({@code conversation.start} entries).
 */
public enum StartOutcome {

    /** Same key, same body: the stored status and body again, marked replayed; nothing is written but the audit entry. */
    REPLAYED(null, "replayed"),
    /** Same key, another body: {@code 422}, nothing changes (the boundary audits it while the transaction rolls back). */
    KEY_REUSED(422, "conflict"),
    /** No live conversation: a new one with the form's message. */
    CREATED(201, "created"),
    /** The live conversation, unchanged: the message repeats the visitor's last one within the repeat window. */
    EXISTING(200, "existing"),
    /** The live conversation, with the form's message appended. */
    EXISTING_WITH_MESSAGE(200, "existing+message"),
    /**
     * Not a decision of the rule but how a start was carried out: answered together with other starts of
     * the same visitor on this node, either from the running start with the same key or in one transaction
     * shared with the other keys that waited for it ({@code ConversationStarter}). Its status is the one the
     * rule gave its key; the audit log records that rule's word, this one is for counting.
     */
    COALESCED(null, "coalesced");

    private final Integer status;
    private final String auditOutcome;

    StartOutcome(Integer status, String auditOutcome) {
        this.status = status;
        this.auditOutcome = auditOutcome;
    }

    /** The status of the answer; a replay has none of its own, it answers with the stored one (nor has a coalesced start). */
    public int status() {
        if (status == null) {
            throw new IllegalStateException("A replay answers with the stored status.");
        }
        return status;
    }

    public String auditOutcome() {
        return auditOutcome;
    }
}
