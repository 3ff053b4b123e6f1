package dev.parley.merge.control;

import dev.parley.audit.control.AuditLog;
import dev.parley.audit.entity.AuditEntry;
import dev.parley.conversation.control.ConversationLocks;
import dev.parley.conversation.entity.Conversation;
import dev.parley.conversation.entity.ConversationStatus;
import dev.parley.conversation.entity.ConversationStatusChanged;
import dev.parley.conversation.entity.Message;
import dev.parley.merge.entity.ConversationUnmerged;
import dev.parley.merge.entity.ConversationsMerged;
import dev.parley.merge.entity.MergeActor;
import dev.parley.merge.entity.MergePlan;
import dev.parley.merge.entity.MergeRecord;
import dev.parley.problem.entity.ProblemException;
import dev.parley.schema.control.Database;
import dev.parley.schema.control.MergeChain;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The merge and the unmerge as transactions, on conversation rows the caller has locked in ascending
 * id order. What a merge does is decided by {@link MergePlan}, asked again under those locks because
 * a concurrent merge may have changed the rows while the caller waited; this class only gathers the
 * plan's inputs, carries it out (moves the messages, records it for an unmerge), audits and fires the
 * events. Sources are made MERGED and flushed before the target may reopen, so the
 * one-live-conversation constraint holds at every flush.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.MANDATORY)
public class MergeTransaction {

    static final int CHUNK = 500;

    @PersistenceContext
    EntityManager em;

    @Inject
    AuditLog audit;

    @Inject
    Event<ConversationsMerged> merged;

    @Inject
    Event<ConversationUnmerged> unmerged;

    @Inject
    Event<ConversationStatusChanged> statusChanged;

    /** The outcome: which sources moved now and which were already merged into the target. */
    public record Outcome(List<Long> merged, List<Long> unchanged) {}

    /** The plan for merging the sources into the target as they are now, for the merge and its preview alike. */
    public MergePlan plan(
            Conversation target, List<Conversation> sources, MergeActor actor, boolean allowCrossContact) {
        Long targetContactLive = em.createNamedQuery(Conversation.FIND_LIVE_FOR_CONTACT, Conversation.class)
                .setParameter("contactId", target.getContact().getId())
                .setParameter("inboxId", target.getInbox().getId())
                .getResultStream()
                .map(Conversation::getId)
                .findFirst()
                .orElse(null);
        return MergePlan.decide(
                MergePlan.Party.of(target),
                sources.stream().map(MergePlan.Party::of).toList(),
                mergeChain(target),
                targetContactLive,
                actor.role(),
                allowCrossContact);
    }

    /** Carries out the plan for the locked rows, or throws its first refusal. */
    public Outcome merge(
            Conversation target,
            List<Conversation> sources,
            MergeActor actor,
            boolean allowCrossContact,
            String requestId) {
        MergePlan plan = plan(target, sources, actor, allowCrossContact);
        plan.enforce();
        if (plan.moving().isEmpty()) {
            return new Outcome(List.of(), plan.unchanged());
        }
        List<Conversation> moving = sources.stream()
                .filter(source -> plan.moving().contains(source.getId()))
                .toList();
        Instant now = Database.now();
        ConversationStatus targetBefore = target.getStatus();
        String outcome = plan.crossContact() ? "merged-cross-contact" : "merged";
        for (Conversation source : moving) {
            List<Long> messageIds = em.createNamedQuery(Message.FIND_IDS_IN, Long.class)
                    .setParameter("conversationId", source.getId())
                    .getResultList();
            em.persist(new MergeRecord(
                    target.getId(),
                    source.getId(),
                    source.getStatus(),
                    targetBefore,
                    plan.crossContactSources().contains(source.getId()),
                    actor.name(),
                    messageIds,
                    now));
            move(messageIds, target.getId());
            source.mergeInto(target.getId(), now);
        }
        em.flush();
        if (plan.reopens()) {
            target.changeStatus(ConversationStatus.OPEN, now);
        } else {
            target.touch(now);
        }
        em.flush();
        for (Conversation source : moving) {
            long sourceContact = source.getContact().getId();
            merged.fire(new ConversationsMerged(
                    Set.copyOf(List.of(sourceContact, target.getContact().getId())), source.getId(), target.getId()));
            statusChanged.fire(new ConversationStatusChanged(sourceContact, source.getId(), "MERGED"));
            audit.record(new AuditEntry(
                    "conversation.merge",
                    outcome,
                    actor.name(),
                    requestId,
                    sourceContact,
                    source.getId(),
                    "into " + target.getId()));
        }
        if (plan.reopens()) {
            statusChanged.fire(new ConversationStatusChanged(target.getContact().getId(), target.getId(), "OPEN"));
        }
        audit.record(new AuditEntry(
                "conversation.merge",
                outcome,
                actor.name(),
                requestId,
                target.getContact().getId(),
                target.getId(),
                "from " + plan.moving() + (plan.reopens() ? "; reopened (was " + targetBefore + ")" : "")));
        return new Outcome(plan.moving(), plan.unchanged());
    }

    /** Takes the source out of its target again: its moved messages back, its and the target's status as before. */
    public Conversation unmerge(long sourceId, String actor, String requestId) {
        Optional<MergeRecord> active = em.createNamedQuery(MergeRecord.FIND_ACTIVE_FOR_SOURCE, MergeRecord.class)
                .setParameter("sourceId", sourceId)
                .setMaxResults(1)
                .getResultStream()
                .findFirst();
        if (active.isEmpty()) {
            ConversationLocks.lock(em, sourceId);
            throw ProblemException.conflict("not-merged", "Conversation " + sourceId + " is not merged.");
        }
        MergeRecord record = active.get();
        List<Long> messageIds = record.getMovedMessageIds();
        Set<Long> involved = new HashSet<>(holders(messageIds));
        involved.add(sourceId);
        involved.add(record.getTargetId());
        Map<Long, Conversation> locked = ConversationLocks.lockAscending(em, involved);
        Conversation source = locked.get(sourceId);
        Conversation target = locked.get(record.getTargetId());
        if (source.getStatus() != ConversationStatus.MERGED
                || !Objects.equals(source.getMergedIntoId(), record.getTargetId())
                || !locked.keySet().containsAll(holders(messageIds))) {
            throw ProblemException.conflict(
                    "conflict", "Conversation " + sourceId + " changed while it was being unmerged; try again.");
        }
        Instant now = Database.now();
        move(messageIds, sourceId);
        ConversationStatus restored = record.getSourcePreviousStatus();
        boolean targetClosed = false;
        if (restored.isLive()) {
            // this merge reopened the target for the source's sake: it closes again as it was
            if (target.getStatus().isLive() && !record.getTargetPreviousStatus().isLive()) {
                target.changeStatus(record.getTargetPreviousStatus(), now);
                em.flush();
                targetClosed = true;
            }
            rejectAnotherLive(source);
        }
        source.changeStatus(restored, now);
        record.undone(now);
        em.flush();
        Set<Long> contacts = Set.copyOf(
                List.of(source.getContact().getId(), target.getContact().getId()));
        unmerged.fire(new ConversationUnmerged(contacts, sourceId, target.getId()));
        statusChanged.fire(new ConversationStatusChanged(source.getContact().getId(), sourceId, restored.name()));
        if (targetClosed) {
            statusChanged.fire(new ConversationStatusChanged(
                    target.getContact().getId(),
                    target.getId(),
                    target.getStatus().name()));
        }
        audit.record(new AuditEntry(
                "conversation.unmerge",
                "restored",
                actor,
                requestId,
                source.getContact().getId(),
                sourceId,
                "out of " + target.getId() + "; " + messageIds.size() + " messages back; status " + restored
                        + (targetClosed ? "; target back to " + target.getStatus() : "")));
        audit.record(new AuditEntry(
                "conversation.unmerge",
                "restored",
                actor,
                requestId,
                target.getContact().getId(),
                target.getId(),
                "gave back " + sourceId));
        return source;
    }

    /** The conversations a merged target was merged into, hop by hop (at most 64); empty if it is not merged. */
    private List<Long> mergeChain(Conversation target) {
        if (target.getStatus() != ConversationStatus.MERGED) {
            return List.of();
        }
        return MergeChain.after(target.getId(), id -> {
            Conversation hop = em.find(Conversation.class, id);
            return hop == null ? null : hop.getMergedIntoId();
        });
    }

    private void rejectAnotherLive(Conversation conversation) {
        em.createNamedQuery(Conversation.FIND_LIVE_FOR_CONTACT, Conversation.class)
                .setParameter("contactId", conversation.getContact().getId())
                .setParameter("inboxId", conversation.getInbox().getId())
                .getResultStream()
                .filter(other -> !other.getId().equals(conversation.getId()))
                .findFirst()
                .ifPresent(other -> {
                    throw ProblemException.conflict(
                            "another-open-conversation",
                            "Contact "
                                    + conversation.getContact().getId() + " already has open conversation "
                                    + other.getId()
                                    + "; resolve or merge it first.");
                });
    }

    private List<Long> holders(List<Long> messageIds) {
        List<Long> holders = new ArrayList<>();
        for (List<Long> chunk : chunks(messageIds)) {
            holders.addAll(em.createNamedQuery(Message.FIND_HOLDERS, Long.class)
                    .setParameter("ids", chunk)
                    .getResultList());
        }
        return holders;
    }

    private void move(List<Long> messageIds, long conversationId) {
        for (List<Long> chunk : chunks(messageIds)) {
            em.createNamedQuery(Message.MOVE)
                    .setParameter("to", conversationId)
                    .setParameter("ids", chunk)
                    .executeUpdate();
        }
    }

    private static List<List<Long>> chunks(List<Long> ids) {
        List<List<Long>> chunks = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += CHUNK) {
            chunks.add(ids.subList(from, Math.min(ids.size(), from + CHUNK)));
        }
        return chunks;
    }
}
