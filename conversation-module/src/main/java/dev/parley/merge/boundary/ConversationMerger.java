package dev.parley.merge.boundary;

import dev.parley.audit.control.AuditLog;
import dev.parley.audit.control.Refusals;
import dev.parley.audit.entity.AuditEntry;
import dev.parley.contact.entity.Contact;
import dev.parley.conversation.control.ConversationLocks;
import dev.parley.conversation.control.Timeline;
import dev.parley.conversation.entity.Conversation;
import dev.parley.conversation.entity.ConversationView;
import dev.parley.conversation.entity.MessageView;
import dev.parley.inbox.boundary.Inboxes;
import dev.parley.inbox.entity.AutoMergePolicy;
import dev.parley.inbox.entity.Inbox;
import dev.parley.merge.control.Duplicates;
import dev.parley.merge.control.MergeTransaction;
import dev.parley.merge.entity.DuplicateSuggestion;
import dev.parley.merge.entity.MergeActor;
import dev.parley.merge.entity.MergePlan;
import dev.parley.merge.entity.MergePreview;
import dev.parley.merge.entity.MergeResult;
import dev.parley.merge.entity.ScanResult;
import dev.parley.problem.entity.FieldError;
import dev.parley.problem.entity.ProblemException;
import dev.parley.schema.control.Database;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Merging conversations, for the console and the agent API. The rule is {@link MergePlan}, which the
 * preview asks as it is and the merge asks again under the row locks. A merge is one transaction that locks
 * the target and every source in ascending id order, so two agents merging A into B and B into A
 * at once queue on the same rows: one wins, the other finds a merged target and gets a 409. A lock
 * that cannot be had in time is a 503 that changed nothing. Every merge, unmerge, refusal and scan
 * is in the audit log.
 */
@Stateless
public class ConversationMerger {

    public static final int SOURCE_LIMIT = 50;

    @PersistenceContext
    EntityManager em;

    @Inject
    Database database;

    @Inject
    MergeTransaction mergeTransaction;

    @Inject
    Duplicates duplicates;

    @Inject
    Timeline timeline;

    @Inject
    Inboxes inboxes;

    @Inject
    AuditLog audit;

    @Inject
    Refusals refusals;

    /**
     * Merges the sources into the target as {@link MergePlan} decides under the row locks. Repeating a
     * merge changes nothing; a source of another contact needs {@code allowCrossContact}, which only an
     * admin may give.
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public MergeResult merge(
            long targetId, List<Long> sourceIds, boolean allowCrossContact, MergeActor actor, String requestId) {
        List<Long> sources = checkedSources(sourceIds);
        return refusalsAudited("conversation.merge", actor.name(), requestId, targetId, () -> {
            database.boundWaits(em);
            Set<Long> involved = new LinkedHashSet<>(sources);
            involved.add(targetId);
            Map<Long, Conversation> locked = ConversationLocks.lockAscending(em, involved);
            Conversation target = locked.get(targetId);
            MergeTransaction.Outcome outcome = mergeTransaction.merge(
                    target, sources.stream().map(locked::get).toList(), actor, allowCrossContact, requestId);
            if (outcome.merged().isEmpty()) {
                audit.record(new AuditEntry(
                        "conversation.merge",
                        "unchanged",
                        actor.name(),
                        requestId,
                        target.getContact().getId(),
                        targetId,
                        "already merged: " + outcome.unchanged()));
            }
            return new MergeResult(
                    ConversationView.of(target, timeline.after(targetId, 0)), outcome.merged(), outcome.unchanged());
        });
    }

    /** Takes a merged conversation out of its target again, with its own messages and its previous status. */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public ConversationView unmerge(long sourceId, String actor, String requestId) {
        return refusalsAudited("conversation.unmerge", actor, requestId, sourceId, () -> {
            database.boundWaits(em);
            Conversation source = mergeTransaction.unmerge(sourceId, actor, requestId);
            return ConversationView.of(source, timeline.after(sourceId, 0));
        });
    }

    /**
     * What {@link #merge} with the same arguments would do now: the same {@link MergePlan}, asked without
     * locks, so nothing is locked or written.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public MergePreview preview(long targetId, List<Long> sourceIds, boolean allowCrossContact, MergeActor actor) {
        List<Long> sources = checkedSources(sourceIds);
        Conversation target = find(targetId);
        MergePlan plan =
                mergeTransaction.plan(target, sources.stream().map(this::find).toList(), actor, allowCrossContact);
        List<MessageView> moving = new ArrayList<>();
        plan.moving().forEach(sourceId -> moving.addAll(timeline.after(sourceId, 0)));
        List<MessageView> result = new ArrayList<>(timeline.after(targetId, 0));
        result.addAll(moving);
        result.sort(Comparator.comparing(MessageView::createdAt).thenComparing(MessageView::id));
        return MergePreview.of(ConversationView.of(target, null), moving, result, plan);
    }

    /** Conversations that look like duplicates of this one; a read-only transaction keeps contacts loadable. */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public List<DuplicateSuggestion> suggestions(long conversationId) {
        return duplicates.of(find(conversationId), Database.now()).stream()
                .map(c -> new DuplicateSuggestion(ConversationView.of(c.conversation(), null), c.reasons()))
                .toList();
    }

    /**
     * Finds contacts of one inbox that share an email and have two or more open conversations, and
     * counts them as suggestions for the agents (inboxes whose policy is OFF are skipped). It never
     * merges contacts, whatever the policy: a typed email is no proof of identity, and merging on it
     * would show one visitor's conversations to whoever typed their address. Contacts merge only on a
     * verified identity ({@code identity/boundary/Identities}); {@code contactsMerged} stays 0.
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public ScanResult scan(String actor, String requestId) {
        int groups = 0;
        int merged = 0;
        int suggested = 0;
        int failed = 0;
        for (Inbox inbox : inboxes.all()) {
            if (inbox.getAutoMergePolicy() == AutoMergePolicy.OFF) {
                continue;
            }
            for (String email : em.createNamedQuery(Contact.FIND_DUPLICATE_EMAILS, String.class)
                    .setParameter("inboxId", inbox.getId())
                    .getResultList()) {
                List<Long> contactIds = em.createNamedQuery(Contact.FIND_SAME_EMAIL, Contact.class)
                        .setParameter("inboxId", inbox.getId())
                        .setParameter("email", email)
                        .getResultStream()
                        .map(Contact::getId)
                        .toList();
                long live = em.createQuery(
                                "select count(c) from Conversation c where c.contact.id in :ids"
                                        + " and c.activeContactId is not null",
                                Long.class)
                        .setParameter("ids", contactIds)
                        .getSingleResult();
                if (live < 2) {
                    continue;
                }
                groups++;
                suggested++;
            }
        }
        audit.recordAlone(new AuditEntry(
                "duplicates.scan",
                "done",
                actor,
                requestId,
                null,
                null,
                "groups " + groups + ", contacts merged " + merged + ", suggested " + suggested + ", failed "
                        + failed));
        return new ScanResult(groups, merged, suggested, failed);
    }

    private static List<Long> checkedSources(List<Long> sourceIds) {
        if (sourceIds == null || sourceIds.isEmpty() || sourceIds.size() > SOURCE_LIMIT) {
            throw ProblemException.invalid(
                    List.of(new FieldError("sourceIds", "must list 1-" + SOURCE_LIMIT + " conversation ids")));
        }
        if (sourceIds.stream().anyMatch(id -> id == null || id <= 0)) {
            throw ProblemException.invalid("sourceIds", "must be positive conversation ids");
        }
        return List.copyOf(new LinkedHashSet<>(sourceIds));
    }

    private <T> T refusalsAudited(
            String action, String actor, String requestId, long conversationId, Supplier<T> work) {
        return refusals.audited(
                work,
                "The conversations are busy; nothing was changed. Try again.",
                problem -> new AuditEntry(
                        action, "refused", actor, requestId, null, conversationId, Refusals.describe(problem)));
    }

    private Conversation find(long conversationId) {
        Conversation conversation = em.find(Conversation.class, conversationId);
        if (conversation == null) {
            throw ProblemException.notFound("No such conversation: " + conversationId + ".");
        }
        return conversation;
    }
}
