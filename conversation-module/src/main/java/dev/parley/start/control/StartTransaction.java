package dev.parley.start.control;

import dev.parley.conversation.control.Timeline;
import dev.parley.idempotency.control.IdempotencyProblems;
import dev.parley.audit.entity.AuditEntry;
import dev.parley.audit.control.AuditLog;
import dev.parley.contact.entity.ContactRef;
import dev.parley.contact.entity.Contact;
import dev.parley.conversation.entity.ConversationCreated;
import dev.parley.conversation.control.ConversationJson;
import dev.parley.conversation.entity.ConversationView;
import dev.parley.start.entity.PreChatForm;
import dev.parley.start.entity.StartResult;
import dev.parley.conversation.entity.Conversation;
import dev.parley.conversation.entity.Sender;
import dev.parley.idempotency.control.IdempotencyKeys;
import dev.parley.idempotency.entity.IdempotencyRecord;
import dev.parley.inbox.entity.Inbox;
import dev.parley.merge.control.ContactMerge;
import dev.parley.problem.entity.ProblemException;
import dev.parley.problem.entity.StorageBusy;
import dev.parley.schema.control.Database;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One conversation start as one transaction, serialized per visitor by a {@code PESSIMISTIC_WRITE}
 * lock on the contact row. Under that lock it answers a known Idempotency-Key from its record,
 * returns the visitor's live conversation, or creates one; the record, the conversation, its first
 * message and the audit entry commit together or not at all. This is the cross-node guarantee;
 * the unique constraint on live conversations is the last line behind it. When the form's email
 * is an older contact's of an inbox that merges automatically, the two contacts are merged first
 * and the start continues as the survivor.
 */
@Stateless
public class StartTransaction {

    static final Duration REPEAT_WINDOW = Duration.ofSeconds(60);

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
    ContactMerge contactMerge;

    @Inject
    Event<ConversationCreated> conversationCreated;

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public StartResult start(ContactRef ref, String key, PreChatForm form, String fingerprint, String requestId) {
        database.boundWaits(em);
        Instant now = Database.now();
        long contactId = ref.contactId();
        Inbox inbox = em.find(Inbox.class, ref.inboxId());
        if (inbox == null) {
            throw ProblemException.unauthorized("Unknown contact.");
        }
        // an older contact with this email and the visitor: locked in ascending id order, like every
        // contact merge, so two of them never wait for each other in opposite orders
        Optional<Contact> twin = contactMerge.twin(inbox, contactId, form.email());
        twin.filter(older -> older.getId() < contactId).ifPresent(older -> em.refresh(older, LockModeType.PESSIMISTIC_WRITE));
        Contact contact = em.find(Contact.class, contactId, LockModeType.PESSIMISTIC_WRITE);
        if (contact == null) {
            throw ProblemException.unauthorized("Unknown contact.");
        }
        twin.filter(newer -> newer.getId() > contactId).ifPresent(newer -> em.refresh(newer, LockModeType.PESSIMISTIC_WRITE));
        if (contact.getMergedIntoId() != null) {
            throw new StorageBusy("This visitor was merged meanwhile; retry.");
        }
        Optional<IdempotencyRecord> known = keys.find(contactId, key, now);
        if (known.isPresent()) {
            return replay(known.get(), contactId, fingerprint, requestId);
        }
        contact.identify(form.name(), form.email());
        if (twin.isPresent() && twin.get().getMergedIntoId() == null && form.email().equals(twin.get().getEmail())) {
            contact = contactMerge.merge(contact, twin.get(), ContactMerge.ACTOR, requestId);
            contact.identify(form.name(), form.email());
        }
        // locked by the query itself: if an agent resolves it meanwhile, the database re-checks the
        // row after the wait and it no longer counts as live
        Optional<Conversation> live = em.createNamedQuery(Conversation.FIND_LIVE_FOR_CONTACT, Conversation.class)
                .setParameter("contactId", contact.getId())
                .setParameter("inboxId", inbox.getId())
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultStream()
                .findFirst();
        Conversation conversation;
        ConversationView view;
        int status;
        String outcome;
        if (live.isEmpty()) {
            conversation = new Conversation(contact, now);
            em.persist(conversation);
            // its whole timeline is the message just written: nothing to read back
            view = ConversationView.of(conversation,
                    List.of(timeline.appendFirst(conversation, Sender.CONTACT, form.name(), form.message(), now)));
            status = 201;
            outcome = "created";
        } else {
            conversation = live.get();
            status = 200;
            if (timeline.repeatsLastVisitorMessage(conversation.getId(), form.message(), now.minus(REPEAT_WINDOW))) {
                outcome = "existing";
            } else {
                timeline.append(conversation, Sender.CONTACT, form.name(), form.message(), null, now);
                outcome = "existing+message";
            }
            view = ConversationView.of(conversation, timeline.after(conversation.getId(), 0));
        }
        String body = ConversationJson.write(view);
        keys.store(contact.getId(), key, fingerprint, status, body, conversation.getId(), now);
        audit.record(AuditEntry.byContact(contactId, "conversation.start", outcome, requestId, conversation.getId(),
                "Idempotency-Key " + key));
        if (status == 201) {
            conversationCreated.fire(new ConversationCreated(contact.getId(), view));
        }
        em.flush();
        return new StartResult(status, body, conversation.getId(), false);
    }

    private StartResult replay(IdempotencyRecord record, long contactId, String fingerprint, String requestId) {
        if (!record.matches(fingerprint)) {
            throw IdempotencyProblems.keyReused();
        }
        audit.record(AuditEntry.byContact(contactId, "conversation.start", "replayed", requestId,
                record.getConversationId(), "stored answer"));
        return new StartResult(record.getResponseStatus(), record.getResponseBody(), record.getConversationId(), true);
    }
}
