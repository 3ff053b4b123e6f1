package dev.parley.identity.control;

import dev.parley.audit.control.AuditLog;
import dev.parley.audit.entity.AuditEntry;
import dev.parley.contact.control.ContactTokens;
import dev.parley.contact.entity.Contact;
import dev.parley.contact.entity.ContactEmailChanged;
import dev.parley.contact.entity.ContactRef;
import dev.parley.contact.entity.ContactToken;
import dev.parley.contact.entity.NewSession;
import dev.parley.conversation.entity.Conversation;
import dev.parley.identity.entity.Identified;
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
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The writes of a verified identity, each one transaction, for an identity the caller has already
 * verified. The inbox's one contact for an identifier is found or created here; two devices creating
 * it at once (on any nodes) collide on the database's unique constraint, and the loser's transaction
 * rolls back whole so that the caller can run it again and find the winner. An identify locks both
 * contact rows in ascending id order, as every contact merge does, and merges the anonymous contact
 * into the verified one through {@link ContactMerge}.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class IdentityTransaction {

    @PersistenceContext
    EntityManager em;

    @Inject
    Database database;

    @Inject
    ContactMerge contactMerge;

    @Inject
    AuditLog audit;

    @Inject
    Event<ContactEmailChanged> emailChanged;

    /** Names the contact; a changed email is announced, who counts as the same person changed. */
    private void describe(Contact contact, String name, String email) {
        String before = contact.getEmail();
        contact.describe(name, email);
        if (!Objects.equals(before, contact.getEmail())) {
            emailChanged.fire(new ContactEmailChanged(contact.getId(), before));
        }
    }

    /** A new token (device) for the verified contact, created on first use. */
    public NewSession session(long inboxId, String identifier, String name, String email, String requestId) {
        database.boundWaits(em);
        Instant now = Database.now();
        Inbox inbox = em.find(Inbox.class, inboxId);
        Optional<Contact> known = find(inboxId, identifier);
        Contact contact = known.orElseGet(() -> create(inbox, identifier, now));
        if (known.isPresent() && (name != null || email != null)) {
            em.lock(contact, LockModeType.PESSIMISTIC_WRITE);
        }
        describe(contact, name, email);
        String token = ContactTokens.generate();
        ContactToken device = new ContactToken(contact, ContactTokens.hash(token), now);
        em.persist(device);
        em.flush();
        audit.record(AuditEntry.byContact(
                contact.getId(),
                "session.start",
                known.isPresent() ? "verified" : "created+verified",
                requestId,
                null,
                "verified identity " + identifier + "; device " + device.getId() + "; inbox " + inboxId));
        return new NewSession(contact.getId(), token, known.isEmpty(), true);
    }

    /**
     * The token's contact becomes the verified contact for {@code identifier}: an anonymous one is
     * merged into it (created if none); the same identity again changes nothing; another identity is a 409.
     */
    public Identified identify(ContactRef ref, String identifier, String name, String email, String requestId) {
        database.boundWaits(em);
        Contact current = em.find(Contact.class, ref.contactId());
        if (current == null) {
            throw ProblemException.unauthorized("Unknown contact.");
        }
        if (current.isVerified()) {
            if (!current.getIdentifier().equals(identifier)) {
                throw ProblemException.conflict(
                        "identity-conflict", "This visitor is already identified as another user; reset first.");
            }
            return new Identified(current.getId(), live(current).orElse(null), false);
        }
        Instant now = Database.now();
        Contact verified = find(ref.inboxId(), identifier).orElseGet(() -> create(current.getInbox(), identifier, now));
        Contact first = current.getId() < verified.getId() ? current : verified;
        Contact second = first == current ? verified : current;
        em.refresh(first, LockModeType.PESSIMISTIC_WRITE);
        em.refresh(second, LockModeType.PESSIMISTIC_WRITE);
        if (current.getMergedIntoId() != null || current.isVerified()) {
            throw new StorageBusy("This visitor changed meanwhile; retry.");
        }
        String proof = "verified identity " + identifier;
        contactMerge.merge(verified, current, "contact:" + current.getId(), requestId, proof);
        describe(verified, name, email);
        Long conversationId = live(verified).orElse(null);
        audit.record(new AuditEntry(
                "contact.identify",
                "merged",
                "contact:" + current.getId(),
                requestId,
                verified.getId(),
                conversationId,
                proof + "; anonymous contact " + current.getId() + " merged into it"));
        em.flush();
        return new Identified(verified.getId(), conversationId, true);
    }

    private Contact create(Inbox inbox, String identifier, Instant now) {
        Contact contact = Contact.verified(Objects.requireNonNull(inbox, "inbox"), identifier, now);
        em.persist(contact);
        // a second device creating it at once fails here on the unique constraint; the caller runs again
        em.flush();
        return contact;
    }

    private Optional<Contact> find(long inboxId, String identifier) {
        return em.createNamedQuery(Contact.FIND_BY_IDENTIFIER, Contact.class)
                .setParameter("inboxId", inboxId)
                .setParameter("identifier", identifier)
                .getResultStream()
                .findFirst();
    }

    private Optional<Long> live(Contact contact) {
        return em.createNamedQuery(Conversation.FIND_LIVE_FOR_CONTACT, Conversation.class)
                .setParameter("contactId", contact.getId())
                .setParameter("inboxId", contact.getInbox().getId())
                .getResultStream()
                .map(Conversation::getId)
                .findFirst();
    }
}
