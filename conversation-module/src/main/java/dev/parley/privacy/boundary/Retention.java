package dev.parley.privacy.boundary;

import dev.parley.agent.entity.Role;
import dev.parley.audit.control.AuditLog;
import dev.parley.audit.entity.AuditEntry;
import dev.parley.inbox.entity.Inbox;
import dev.parley.merge.control.DuplicateFlags;
import dev.parley.privacy.control.RetentionBatches;
import dev.parley.privacy.entity.RetentionSummary;
import dev.parley.problem.entity.ProblemException;
import dev.parley.schema.control.Database;
import dev.parley.webhook.control.OutboxPurge;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.logging.Logger;

/**
 * The retention job: for each inbox, removes the texts of messages in conversations resolved longer ago than
 * its message period and deletes audit entries about its contacts older than its audit period (entries about
 * no contact follow the first inbox's period); then deletes expired idempotency records and the webhook outbox's
 * finished events older than {@code parley.webhooks.keep} ({@link OutboxPurge}); last, it reconciles the stored
 * "has duplicates" flags with the rule ({@link DuplicateFlags}). Each batch is a
 * transaction of its own ({@link RetentionBatches}); the run itself holds none. Its summary (counts only) is
 * audited. Runs daily ({@code RetentionSchedule}) and on an admin's demand.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Retention {

    private static final Logger LOG = Logger.getLogger(Retention.class.getName());

    @PersistenceContext
    EntityManager em;

    @Inject
    RetentionBatches batches;

    @Inject
    OutboxPurge outbox;

    @Inject
    AuditLog audit;

    @Inject
    DuplicateFlags duplicateFlags;

    /** An admin runs the job now (the agent API); audited like the daily run. */
    public RetentionSummary runNow(String actor, Role role, String requestId) {
        if (role != Role.ADMIN) {
            throw new ProblemException(403, "forbidden", "Forbidden", "Only an admin may do this.");
        }
        return run(actor, requestId);
    }

    public RetentionSummary run(String actor, String requestId) {
        Instant now = Database.now();
        List<Inbox> inboxes = em.createNamedQuery(Inbox.FIND_ALL, Inbox.class).getResultList();
        int messages = 0;
        int audits = 0;
        for (int i = 0; i < inboxes.size(); i++) {
            Inbox inbox = inboxes.get(i);
            if (inbox.getMessageRetentionDays() != null) {
                Instant cutoff = now.minus(Duration.ofDays(inbox.getMessageRetentionDays()));
                messages += drain(() -> batches.removeMessageTexts(inbox.getId(), cutoff, now), RetentionBatches.BATCH);
            }
            if (inbox.getAuditRetentionDays() != null) {
                Instant cutoff = now.minus(Duration.ofDays(inbox.getAuditRetentionDays()));
                boolean first = i == 0;
                audits += drain(() -> batches.deleteAuditEntries(inbox.getId(), first, cutoff), RetentionBatches.BATCH);
            }
        }
        int idempotency = drain(() -> batches.deleteExpiredIdempotencyRecords(now), RetentionBatches.BATCH);
        int webhookEvents = drain(() -> outbox.deleteFinished(now), OutboxPurge.BATCH);
        int flags = reconcileDuplicateFlags();
        RetentionSummary summary = new RetentionSummary(messages, audits, idempotency, webhookEvents, flags);
        audit.recordAlone(new AuditEntry("retention.run", "done", actor, requestId, null, null, summary.describe()));
        return summary;
    }

    /**
     * Compares every conversation's stored "has duplicates" flag with the rule, a thousand conversations per
     * transaction, and fixes those that disagree ({@link DuplicateFlags#reconcile}): what a recheck missed (a
     * deadlock, a node that stopped between commit and recheck) is fixed within a day and counted here.
     */
    private int reconcileDuplicateFlags() {
        long last = duplicateFlags.lastId();
        int fixed = 0;
        for (long from = 0; from < last; from += DuplicateFlags.BATCH) {
            fixed += duplicateFlags.reconcile(from);
        }
        if (fixed > 0) {
            LOG.warning(fixed + " duplicate flags disagreed with the rule and were fixed");
        }
        return fixed;
    }

    /** Batch after batch until one comes back short: the last rows are done. */
    private static int drain(IntSupplier batch, int size) {
        int total = 0;
        int done;
        do {
            done = batch.getAsInt();
            total += done;
        } while (done >= size);
        return total;
    }
}
