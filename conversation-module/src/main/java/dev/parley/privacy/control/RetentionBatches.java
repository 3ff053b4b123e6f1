package dev.parley.privacy.control;

import dev.parley.conversation.entity.ConversationStatus;
import dev.parley.conversation.entity.Message;
import dev.parley.conversation.entity.Sender;
import dev.parley.merge.control.DuplicateFlags;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;

/**
 * One batch of the retention job per call, each in a short transaction of its own, so the job never holds
 * many row locks or one long transaction. Every write is conditional on the state it changes (a text not yet
 * removed, a row still there), so two nodes running the job at once change each row once and count it once.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class RetentionBatches {

    /** Rows per transaction: small enough that a batch takes milliseconds and locks little. */
    public static final int BATCH = 500;

    @PersistenceContext
    EntityManager em;

    @Inject
    DuplicateFlags flags;

    /** Removes the texts of up to {@link #BATCH} messages of the inbox's conversations resolved before the cutoff. */
    public int removeMessageTexts(long inboxId, Instant resolvedBefore, Instant now) {
        List<Long> ids = em.createQuery(
                        "select m.id from Message m where m.redactedAt is null and m.conversationId in"
                                + " (select c.id from Conversation c where c.inbox.id = :inboxId"
                                + " and c.status = :resolved and c.updatedAt < :cutoff)",
                        Long.class)
                .setParameter("inboxId", inboxId)
                .setParameter("resolved", ConversationStatus.RESOLVED)
                .setParameter("cutoff", resolvedBefore)
                .setMaxResults(BATCH)
                .getResultList();
        if (ids.isEmpty()) {
            return 0;
        }
        em.createQuery("update Message m set m.author = null where m.id in :ids and m.sender = :contact")
                .setParameter("ids", ids)
                .setParameter("contact", Sender.CONTACT)
                .executeUpdate();
        int removed = em.createQuery("update Message m set m.content = :removed, m.redactedAt = :now"
                        + " where m.id in :ids and m.redactedAt is null")
                .setParameter("ids", ids)
                .setParameter("removed", Message.REMOVED_TEXT)
                .setParameter("now", now)
                .executeUpdate();
        // a removed text can be a first visitor message, an input of the duplicate rule
        flags.refreshConversations(
                em.createQuery("select distinct m.conversationId from Message m where m.id in :ids", Long.class)
                        .setParameter("ids", ids)
                        .getResultList());
        return removed;
    }

    /**
     * Deletes up to {@link #BATCH} audit entries older than the cutoff: those about the inbox's contacts, and
     * with {@code withoutContact} also those about no contact (agents' and admins' own actions).
     */
    public int deleteAuditEntries(long inboxId, boolean withoutContact, Instant before) {
        List<Long> ids = em.createQuery(
                        "select a.id from AuditEvent a where a.occurredAt < :cutoff and (a.contactId in"
                                + " (select c.id from Contact c where c.inbox.id = :inboxId)"
                                + (withoutContact ? " or a.contactId is null" : "") + ")",
                        Long.class)
                .setParameter("cutoff", before)
                .setParameter("inboxId", inboxId)
                .setMaxResults(BATCH)
                .getResultList();
        return ids.isEmpty()
                ? 0
                : em.createQuery("delete from AuditEvent a where a.id in :ids")
                        .setParameter("ids", ids)
                        .executeUpdate();
    }

    /** Deletes up to {@link #BATCH} idempotency records past their expiry (lookups ignore them already). */
    public int deleteExpiredIdempotencyRecords(Instant now) {
        List<Long> ids = em.createQuery("select r.id from IdempotencyRecord r where r.expiresAt < :now", Long.class)
                .setParameter("now", now)
                .setMaxResults(BATCH)
                .getResultList();
        return ids.isEmpty()
                ? 0
                : em.createQuery("delete from IdempotencyRecord r where r.id in :ids")
                        .setParameter("ids", ids)
                        .executeUpdate();
    }
}
