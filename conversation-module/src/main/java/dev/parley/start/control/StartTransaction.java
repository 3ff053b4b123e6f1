package dev.parley.start.control;

import dev.parley.audit.control.AuditLog;
import dev.parley.audit.entity.AuditEntry;
import dev.parley.contact.entity.Contact;
import dev.parley.contact.entity.ContactRef;
import dev.parley.conversation.control.ConversationJson;
import dev.parley.conversation.control.Timeline;
import dev.parley.conversation.entity.Conversation;
import dev.parley.conversation.entity.ConversationCreated;
import dev.parley.conversation.entity.ConversationView;
import dev.parley.conversation.entity.Sender;
import dev.parley.idempotency.control.IdempotencyKeys;
import dev.parley.idempotency.control.IdempotencyProblems;
import dev.parley.idempotency.entity.IdempotencyRecord;
import dev.parley.inbox.entity.Inbox;
import dev.parley.problem.entity.ProblemException;
import dev.parley.problem.entity.StorageBusy;
import dev.parley.schema.control.Database;
import dev.parley.start.entity.PreChatForm;
import dev.parley.start.entity.StartDecision;
import dev.parley.start.entity.StartDecision.StoredKey;
import dev.parley.start.entity.StartOutcome;
import dev.parley.start.entity.StartResult;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Carries out one conversation start as one transaction; the rule it follows is
 * {@link StartDecision}, read that to learn what a start does. This class is what makes the rule
 * safe across nodes: it serializes the visitor's starts by a {@code PESSIMISTIC_WRITE} lock on the
 * contact row (every device of a verified visitor is the same contact, so this serializes them too),
 * reads the facts
 * the decision asks for under those locks, and writes what it decided: the idempotency record, the
 * conversation, its message and the audit entry commit together or not at all, and the
 * {@link ConversationCreated} event it fires reaches its observers only after that commit. The
 * unique constraint on live conversations is the last line behind it.
 */
@Stateless
public class StartTransaction {

    @PersistenceContext
    EntityManager em;

    @Inject
    Database database;

    @Inject
    IdempotencyKeys keys;

    @Inject
    Timeline timeline;

    @Inject
    AuditLog audit;

    @Inject
    Event<ConversationCreated> conversationCreated;

    /** Runs in the transaction {@code Refusals} opens for it, which has ended before a refusal is recorded. */
    @TransactionAttribute(TransactionAttributeType.MANDATORY)
    public StartResult start(ContactRef ref, String key, PreChatForm form, String fingerprint, String requestId) {
        database.boundWaits(em);
        Instant now = Database.now();
        StartDecision decision = new StartDecision(form, now);
        long contactId = ref.contactId();
        Inbox inbox = em.find(Inbox.class, ref.inboxId());
        if (inbox == null) {
            throw ProblemException.unauthorized("Unknown contact.");
        }
        Contact contact = em.find(Contact.class, contactId, LockModeType.PESSIMISTIC_WRITE);
        if (contact == null) {
            throw ProblemException.unauthorized("Unknown contact.");
        }
        if (contact.getMergedIntoId() != null) {
            throw new StorageBusy("This visitor was merged meanwhile; retry.");
        }
        Optional<IdempotencyRecord> known = keys.find(contactId, key, now);
        Optional<StartOutcome> answered = decision.forKey(
                known.map(record -> record.matches(fingerprint) ? StoredKey.SAME_BODY : StoredKey.OTHER_BODY)
                        .orElse(StoredKey.NONE));
        if (answered.isPresent()) {
            return replay(answered.get(), known.get(), contactId, requestId);
        }
        contact.identify(form.name(), form.email());
        // locked by the query itself: if an agent resolves it meanwhile, the database re-checks the
        // row after the wait and it no longer counts as live
        Optional<Conversation> live = em.createNamedQuery(Conversation.FIND_LIVE_FOR_CONTACT, Conversation.class)
                .setParameter("contactId", contact.getId())
                .setParameter("inboxId", inbox.getId())
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultStream()
                .findFirst();
        StartOutcome outcome = decision.forConversation(
                live.isPresent(),
                () -> live.flatMap(conversation -> timeline.lastVisitorMessage(conversation.getId()))
                        .map(last -> new StartDecision.VisitorMessage(last.getContent(), last.getCreatedAt())));
        Conversation conversation;
        ConversationView view;
        if (outcome == StartOutcome.CREATED) {
            conversation = new Conversation(contact, now);
            em.persist(conversation);
            // its whole timeline is the message just written: nothing to read back
            view = ConversationView.of(
                    conversation,
                    List.of(timeline.appendFirst(conversation, Sender.CONTACT, form.name(), form.message(), now)));
        } else {
            conversation = live.get();
            if (outcome == StartOutcome.EXISTING_WITH_MESSAGE) {
                timeline.append(conversation, Sender.CONTACT, form.name(), form.message(), null, now);
            }
            view = ConversationView.of(conversation, timeline.after(conversation.getId(), 0));
        }
        String body = ConversationJson.write(view);
        keys.store(contact.getId(), key, fingerprint, outcome.status(), conversation.getId(), now);
        audit.record(AuditEntry.byContact(
                contactId,
                "conversation.start",
                outcome.auditOutcome(),
                requestId,
                conversation.getId(),
                "Idempotency-Key " + key));
        if (outcome == StartOutcome.CREATED) {
            conversationCreated.fire(new ConversationCreated(contact.getId(), view));
        }
        em.flush();
        return new StartResult(outcome.status(), body, conversation.getId(), false);
    }

    /**
     * The stored answer for this key when a start with the same body already committed, for a visitor
     * over a limit: a retry of a start that succeeded is answered, never refused. Read-only.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public Optional<StartResult> storedAnswer(ContactRef ref, String key, String fingerprint, String requestId) {
        return keys.peek(ref.contactId(), key, Database.now())
                .filter(record -> record.matches(fingerprint))
                .map(record -> replay(StartOutcome.REPLAYED, record, ref.contactId(), requestId));
    }

    /** A replay answers the stored status with the conversation as it is now (the record keeps a reference). */
    private StartResult replay(StartOutcome answer, IdempotencyRecord record, long contactId, String requestId) {
        if (answer == StartOutcome.KEY_REUSED) {
            throw IdempotencyProblems.keyReused();
        }
        audit.record(AuditEntry.byContact(
                contactId,
                "conversation.start",
                answer.auditOutcome(),
                requestId,
                record.getConversationId(),
                "stored answer"));
        long conversationId = record.getConversationId();
        String body = ConversationJson.write(
                ConversationView.of(em.find(Conversation.class, conversationId), timeline.after(conversationId, 0)));
        return new StartResult(record.getResponseStatus(), body, conversationId, true);
    }
}
