package dev.parley.start.control;

import dev.parley.audit.control.AuditLog;
import dev.parley.audit.entity.AuditEntry;
import dev.parley.contact.entity.Contact;
import dev.parley.contact.entity.ContactEmailChanged;
import dev.parley.contact.entity.ContactRef;
import dev.parley.conversation.control.ConversationJson;
import dev.parley.conversation.control.Timeline;
import dev.parley.conversation.entity.Conversation;
import dev.parley.conversation.entity.ConversationCreated;
import dev.parley.conversation.entity.ConversationView;
import dev.parley.conversation.entity.MessageView;
import dev.parley.conversation.entity.Sender;
import dev.parley.idempotency.control.IdempotencyKeys;
import dev.parley.idempotency.control.IdempotencyProblems;
import dev.parley.idempotency.entity.IdempotencyRecord;
import dev.parley.inbox.entity.Inbox;
import dev.parley.problem.entity.ProblemException;
import dev.parley.problem.entity.StorageBusy;
import dev.parley.schema.control.Database;
import dev.parley.start.entity.PreChatForm;
import dev.parley.start.entity.StartAnswer;
import dev.parley.start.entity.StartDecision;
import dev.parley.start.entity.StartDecision.StoredKey;
import dev.parley.start.entity.StartOutcome;
import dev.parley.start.entity.StartRequest;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Carries out one conversation start as one transaction; the rule it follows is
 * {@link StartDecision}, read that to learn what a start does. This class is what makes the rule
 * safe across nodes: it serializes the visitor's starts by a {@code PESSIMISTIC_WRITE} lock on the
 * contact row (every device of a verified visitor is the same contact, so this serializes them too),
 * reads the facts
 * the decision asks for under those locks, and writes what it decided: the idempotency record, the
 * conversation, its message and the audit entry commit together or not at all, and the
 * {@link ConversationCreated} event it fires (through {@link Timeline#open}) reaches its edge observers only
 * after that commit. The
 * unique constraint on live conversations is the last line behind it.
 *
 * <p>{@link #startAll} carries out several starts of one visitor in one transaction under one lock, in
 * their order, each decided by {@link StartDecision} on the facts the earlier ones left, exactly as if
 * they had run one after another: what the node's coalescing ({@code ConversationStarter}) hands it.
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
    Event<ContactEmailChanged> emailChanged;

    /** The pre-chat form names the visitor; a changed email is announced (who counts as the same person). */
    private void identify(Contact contact, PreChatForm form) {
        String before = contact.getEmail();
        contact.identify(form.name(), form.email());
        if (!Objects.equals(before, contact.getEmail())) {
            emailChanged.fire(new ContactEmailChanged(contact.getId(), before));
        }
    }

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
        identify(contact, form);
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
            view = timeline.open(conversation, Sender.CONTACT, form.name(), form.message(), now);
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
        em.flush();
        return new StartResult(outcome.status(), body, conversation.getId(), false, outcome);
    }

    /**
     * Several starts of one visitor, in order, in the caller's transaction ({@code Refusals} opens it): one
     * lock of the contact row, one read of the keys, of the live conversation and of the visitor's last
     * message, then each start decided by {@link StartDecision} on the facts as the starts before it left
     * them, and all keys and audit entries written in one statement each. A key reused with another body
     * refuses its start alone; anything else that fails (an unknown or merged contact, a lock or
     * statement timeout) fails all of them, and nothing is written.
     */
    @TransactionAttribute(TransactionAttributeType.MANDATORY)
    public List<StartAnswer> startAll(ContactRef ref, List<StartRequest> requests) {
        database.boundWaits(em);
        Instant now = Database.now();
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
        Map<String, IdempotencyRecord> stored = keys.findAll(
                contactId,
                requests.stream().map(StartRequest::key).collect(Collectors.toCollection(LinkedHashSet::new)),
                now);
        Shared shared = new Shared(contact, inbox, now);
        List<IdempotencyRecord> fresh = new ArrayList<>();
        List<AuditEntry> entries = new ArrayList<>();
        List<StartAnswer> answers = new ArrayList<>();
        for (StartRequest request : requests) {
            StartDecision decision = new StartDecision(request.form(), now);
            IdempotencyRecord known = stored.get(request.key());
            Optional<StartOutcome> answered = decision.forKey(
                    known == null
                            ? StoredKey.NONE
                            : known.matches(request.fingerprint()) ? StoredKey.SAME_BODY : StoredKey.OTHER_BODY);
            if (answered.isPresent()) {
                if (answered.get() == StartOutcome.KEY_REUSED) {
                    answers.add(StartAnswer.refused(IdempotencyProblems.keyReused()));
                    continue;
                }
                entries.add(AuditEntry.byContact(
                        contactId,
                        "conversation.start",
                        answered.get().auditOutcome(),
                        request.requestId(),
                        known.getConversationId(),
                        "stored answer"));
                answers.add(StartAnswer.of(new StartResult(
                        known.getResponseStatus(),
                        shared.body(known.getConversationId()),
                        known.getConversationId(),
                        true,
                        StartOutcome.COALESCED)));
                continue;
            }
            identify(contact, request.form());
            StartOutcome outcome = shared.carryOut(decision, request.form());
            long conversationId = shared.live.getId();
            IdempotencyRecord record = keys.unstored(
                    contactId, request.key(), request.fingerprint(), outcome.status(), conversationId, now);
            fresh.add(record);
            stored.put(request.key(), record);
            entries.add(AuditEntry.byContact(
                    contactId,
                    "conversation.start",
                    outcome.auditOutcome(),
                    request.requestId(),
                    conversationId,
                    "Idempotency-Key " + request.key() + " (one of " + requests.size() + " coalesced starts)"));
            answers.add(StartAnswer.of(new StartResult(
                    outcome.status(), shared.body(conversationId), conversationId, false, StartOutcome.COALESCED)));
        }
        keys.storeAll(contactId, fresh);
        audit.recordAll(entries);
        em.flush();
        return answers;
    }

    /**
     * The facts a shared start reads once and keeps up to date as its starts write: the live conversation
     * (locked by the query that finds it), its timeline, the visitor's last message in it and the answer's
     * body, written again only after something changed.
     */
    private final class Shared {

        final Contact contact;
        final Inbox inbox;
        final Instant now;
        Conversation live;
        boolean looked;
        List<MessageView> messages;
        Optional<StartDecision.VisitorMessage> lastVisitorMessage;
        String body;
        final Map<Long, String> otherBodies = new HashMap<>();

        Shared(Contact contact, Inbox inbox, Instant now) {
            this.contact = contact;
            this.inbox = inbox;
            this.now = now;
        }

        StartOutcome carryOut(StartDecision decision, PreChatForm form) {
            if (!looked) {
                live = em.createNamedQuery(Conversation.FIND_LIVE_FOR_CONTACT, Conversation.class)
                        .setParameter("contactId", contact.getId())
                        .setParameter("inboxId", inbox.getId())
                        .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                        .getResultStream()
                        .findFirst()
                        .orElse(null);
                looked = true;
            }
            StartOutcome outcome = decision.forConversation(live != null, this::lastVisitorMessage);
            if (outcome == StartOutcome.CREATED) {
                live = new Conversation(contact, now);
                em.persist(live);
                messages = timeline.open(live, Sender.CONTACT, form.name(), form.message(), now)
                        .messages();
                body = null;
                otherBodies.clear();
                lastVisitorMessage = Optional.of(new StartDecision.VisitorMessage(form.message(), now));
            } else if (outcome == StartOutcome.EXISTING_WITH_MESSAGE) {
                timeline.append(live, Sender.CONTACT, form.name(), form.message(), null, now);
                messages = null;
                body = null;
                otherBodies.clear();
                lastVisitorMessage = Optional.of(new StartDecision.VisitorMessage(form.message(), now));
            }
            return outcome;
        }

        private Optional<StartDecision.VisitorMessage> lastVisitorMessage() {
            if (lastVisitorMessage == null) {
                lastVisitorMessage = timeline.lastVisitorMessage(live.getId())
                        .map(last -> new StartDecision.VisitorMessage(last.getContent(), last.getCreatedAt()));
            }
            return lastVisitorMessage;
        }

        /** The answer's body for this conversation as it is at this point of the shared start. */
        String body(long conversationId) {
            if (live == null || live.getId() != conversationId) {
                return ConversationJson.write(ConversationView.of(
                        em.find(Conversation.class, conversationId), timeline.after(conversationId, 0)));
            }
            if (messages == null) {
                messages = timeline.after(conversationId, 0);
            }
            if (body == null) {
                body = ConversationJson.write(ConversationView.of(live, messages));
            }
            return body;
        }
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
        return new StartResult(record.getResponseStatus(), body, conversationId, true, StartOutcome.REPLAYED);
    }
}
