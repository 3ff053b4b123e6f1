package dev.parley.conversation.boundary;

import dev.parley.audit.control.AuditLog;
import dev.parley.audit.control.Refusals;
import dev.parley.audit.entity.AuditEntry;
import dev.parley.contact.entity.ContactRef;
import dev.parley.conversation.control.AgentReading;
import dev.parley.conversation.control.ConversationLocks;
import dev.parley.conversation.control.Timeline;
import dev.parley.conversation.entity.Conversation;
import dev.parley.conversation.entity.ConversationStatus;
import dev.parley.conversation.entity.ConversationStatusChanged;
import dev.parley.conversation.entity.ConversationView;
import dev.parley.conversation.entity.Message;
import dev.parley.conversation.entity.MessageView;
import dev.parley.conversation.entity.PostedMessage;
import dev.parley.conversation.entity.Sender;
import dev.parley.problem.entity.FieldError;
import dev.parley.problem.entity.ProblemException;
import dev.parley.problem.entity.StorageBusy;
import dev.parley.problem.entity.TextInput;
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
import java.util.List;
import java.util.Optional;

/**
 * Conversations after their start: reading them as their visitor, and writing messages and
 * status changes as visitor or agent. Every write locks the conversation row first.
 */
@Stateless
public class Conversations {

    public static final int ECHO_ID_LIMIT = 100;

    private static final String BUSY = "The conversation is busy; nothing was written. Try again.";

    @PersistenceContext
    EntityManager em;

    @Inject
    Database database;

    @Inject
    Timeline timeline;

    @Inject
    AuditLog audit;

    @Inject
    Refusals refusals;

    @Inject
    AgentReading reading;

    @Inject
    Event<ConversationStatusChanged> statusChanged;

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<ConversationView> forContact(ContactRef contact) {
        return em.createNamedQuery(Conversation.FIND_FOR_CONTACT, Conversation.class)
                .setParameter("contactId", contact.contactId())
                .setMaxResults(100)
                .getResultStream()
                .map(conversation -> ConversationView.of(conversation, null))
                .toList();
    }

    /** For agents: one conversation with its whole timeline and its visitor; a read-only transaction keeps the contact loadable. */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public Optional<ConversationView> find(long conversationId) {
        return Optional.ofNullable(em.find(Conversation.class, conversationId))
                .map(conversation -> ConversationView.forAgents(conversation, timeline.after(conversationId, 0)));
    }

    /** As {@link #find(long)}, with its assignee and the unread count of the agent {@code callerId}. */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public Optional<ConversationView> find(long conversationId, long callerId) {
        return find(conversationId).map(view -> {
            Long assigneeId = em.find(Conversation.class, conversationId).getAssigneeId();
            return view.forAgent(
                    reading.assignees(assigneeId == null ? List.of() : List.of(assigneeId))
                            .get(assigneeId),
                    reading.unread(callerId, List.of(conversationId)).getOrDefault(conversationId, 0L));
        });
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<ConversationView> current(ContactRef contact) {
        return em.createNamedQuery(Conversation.FIND_LIVE_FOR_CONTACT, Conversation.class)
                .setParameter("contactId", contact.contactId())
                .setParameter("inboxId", contact.inboxId())
                .getResultStream()
                .findFirst()
                .map(conversation -> ConversationView.of(conversation, timeline.after(conversation.getId(), 0)));
    }

    /** Messages with an id above {@code afterId}, oldest first; another visitor's conversation does not exist. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<MessageView> messagesAfter(ContactRef contact, long conversationId, long afterId) {
        ownedBy(contact, conversationId);
        return timeline.after(conversationId, afterId);
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<MessageView> messagesAfter(long conversationId, long afterId) {
        return timeline.after(conversationId, afterId);
    }

    /**
     * The message this visitor already stored under this echo id, if any: what a visitor over a limit
     * still gets, because a limit never turns the retry of a message that was stored into a failure.
     */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<PostedMessage> alreadyPosted(ContactRef contact, long conversationId, String echoId) {
        if (echoId == null) {
            return Optional.empty();
        }
        ownedBy(contact, conversationId);
        Conversation target = MergeChain.end(em.find(Conversation.class, conversationId), this::mergedInto);
        return timeline.byEcho(target.getId(), echoId)
                .or(() -> timeline.byEcho(conversationId, echoId))
                .map(first -> new PostedMessage(MessageView.of(first), false));
    }

    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public PostedMessage postAsContact(
            ContactRef contact, long conversationId, String content, String echoId, String requestId) {
        List<FieldError> errors = new ArrayList<>();
        TextInput.check(errors, "content", content, Message.CONTENT_LIMIT, true);
        if (echoId != null
                && (echoId.isBlank()
                        || echoId.length() > ECHO_ID_LIMIT
                        || !echoId.chars().allMatch(c -> c > 0x20 && c < 0x7f))) {
            errors.add(new FieldError("echoId", "must be 1-" + ECHO_ID_LIMIT + " printable ASCII characters"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        ownedBy(contact, conversationId);
        return refusals.audited(
                () -> {
                    database.boundWaits(em);
                    Conversation target = liveTarget(conversationId);
                    if (echoId != null) {
                        // a retry of a message first written before a merge finds it under its origin
                        Optional<PostedMessage> repeated = timeline.byEcho(target.getId(), echoId)
                                .or(() -> timeline.byEcho(conversationId, echoId))
                                .map(first -> new PostedMessage(MessageView.of(first), false));
                        if (repeated.isPresent()) {
                            return repeated.get();
                        }
                    }
                    Instant now = Database.now();
                    if (!target.getStatus().isLive()) {
                        reopenForVisitor(target, now);
                    }
                    MessageView message = timeline.append(
                            target, Sender.CONTACT, target.getContact().getName(), content.strip(), echoId, now);
                    audit.record(AuditEntry.byContact(
                            contact.contactId(),
                            "message.post",
                            "created",
                            requestId,
                            target.getId(),
                            "message " + message.id()));
                    return new PostedMessage(message, true);
                },
                BUSY,
                problem -> AuditEntry.byContact(
                        contact.contactId(),
                        "message.post",
                        outcome(problem),
                        requestId,
                        conversationId,
                        Refusals.describe(problem)));
    }

    /** {@code agent} is the login name (audit only); {@code author}, the display name visitors see. */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public MessageView postAsAgent(long conversationId, String agent, String author, String content, String requestId) {
        List<FieldError> errors = new ArrayList<>();
        TextInput.check(errors, "content", content, Message.CONTENT_LIMIT, true);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return refusals.audited(
                () -> {
                    database.boundWaits(em);
                    Conversation target = liveTarget(conversationId);
                    MessageView message =
                            timeline.append(target, Sender.AGENT, author, content.strip(), null, Database.now());
                    audit.record(new AuditEntry(
                            "message.post",
                            "created",
                            "agent:" + agent,
                            requestId,
                            target.getContact().getId(),
                            target.getId(),
                            "message " + message.id()));
                    return message;
                },
                BUSY,
                problem -> new AuditEntry(
                        "message.post",
                        outcome(problem),
                        "agent:" + agent,
                        requestId,
                        null,
                        conversationId,
                        Refusals.describe(problem)));
    }

    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public ConversationView changeStatus(
            long conversationId, ConversationStatus status, String actor, String requestId) {
        if (status == ConversationStatus.MERGED) {
            throw ProblemException.invalid("status", "use merge to merge conversations");
        }
        return refusals.audited(
                () -> {
                    database.boundWaits(em);
                    Conversation conversation = lock(conversationId);
                    if (conversation.getStatus() == ConversationStatus.MERGED) {
                        throw ProblemException.conflict(
                                "merged", "A merged conversation changes only through unmerge.");
                    }
                    ConversationStatus before = conversation.getStatus();
                    if (before != status) {
                        conversation.changeStatus(status, Database.now());
                        em.flush();
                        statusChanged.fire(new ConversationStatusChanged(
                                conversation.getContact().getId(), conversationId, status.name()));
                    }
                    audit.record(new AuditEntry(
                            "conversation.status",
                            before + "->" + status,
                            actor,
                            requestId,
                            conversation.getContact().getId(),
                            conversationId,
                            null));
                    return ConversationView.of(conversation, null);
                },
                BUSY,
                problem -> new AuditEntry(
                        "conversation.status",
                        outcome(problem),
                        actor,
                        requestId,
                        null,
                        conversationId,
                        Refusals.describe(problem)));
    }

    /**
     * A visitor reads their own conversations, and the conversations theirs were merged into (their
     * widget follows a merge there); any other conversation does not exist for them.
     */
    private void ownedBy(ContactRef contact, long conversationId) {
        Conversation conversation = em.find(Conversation.class, conversationId);
        if (conversation == null
                || (conversation.getContact().getId() != contact.contactId()
                        && !mergedFromOwn(contact.contactId(), conversationId))) {
            throw ProblemException.notFound("No such conversation.");
        }
    }

    private boolean mergedFromOwn(long contactId, long conversationId) {
        List<Conversation> merged = em.createQuery(
                        "select c from Conversation c where c.contact.id = :contactId" + " and c.status = :merged",
                        Conversation.class)
                .setParameter("contactId", contactId)
                .setParameter("merged", ConversationStatus.MERGED)
                .getResultList();
        return merged.stream()
                .anyMatch(conversation -> MergeChain.after(conversation, this::mergedInto).stream()
                        .anyMatch(hop -> hop.getId() == conversationId));
    }

    private Conversation mergedInto(Conversation conversation) {
        return conversation.getMergedIntoId() == null
                ? null
                : em.find(Conversation.class, conversation.getMergedIntoId());
    }

    /**
     * Locks the conversation and, when it is merged, the conversations it forwards to, all in id order
     * ({@link ConversationLocks#lockChainEnd}); returns the live one. The locks re-read the rows, so a merge
     * that committed while this waited is followed, never undone.
     */
    private Conversation liveTarget(long conversationId) {
        try {
            return ConversationLocks.lockChainEnd(em, conversationId);
        } catch (ProblemException notFound) {
            throw ProblemException.notFound("No such conversation.");
        }
    }

    private Conversation lock(long conversationId) {
        try {
            return ConversationLocks.lock(em, conversationId);
        } catch (ProblemException notFound) {
            throw ProblemException.notFound("No such conversation.");
        }
    }

    private static String outcome(ProblemException problem) {
        return problem instanceof StorageBusy ? "busy" : "refused";
    }

    private void reopenForVisitor(Conversation resolved, Instant now) {
        boolean anotherLive = em.createNamedQuery(Conversation.FIND_LIVE_FOR_CONTACT, Conversation.class)
                .setParameter("contactId", resolved.getContact().getId())
                .setParameter("inboxId", resolved.getInbox().getId())
                .getResultStream()
                .findAny()
                .isPresent();
        if (anotherLive) {
            throw ProblemException.conflict(
                    "conversation-resolved", "This conversation is resolved and another one is open; write there.");
        }
        resolved.changeStatus(ConversationStatus.OPEN, now);
        em.flush();
        statusChanged.fire(new ConversationStatusChanged(resolved.getContact().getId(), resolved.getId(), "OPEN"));
    }
}
