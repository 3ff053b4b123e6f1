package dev.parley.contact.boundary;

import dev.parley.audit.control.AuditLog;
import dev.parley.audit.entity.AuditEntry;
import dev.parley.contact.control.ContactTokens;
import dev.parley.contact.entity.Contact;
import dev.parley.contact.entity.ContactRef;
import dev.parley.contact.entity.NewSession;
import dev.parley.inbox.boundary.Inboxes;
import dev.parley.inbox.entity.Inbox;
import dev.parley.problem.entity.ProblemException;
import dev.parley.schema.control.Database;
import dev.parley.schema.control.MergeChain;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Optional;

/** Visitor identities: anonymous sessions for a website, and token authentication. */
@Stateless
public class Contacts {

    @PersistenceContext
    EntityManager em;

    @Inject
    Inboxes inboxes;

    @Inject
    AuditLog audit;

    public NewSession startSession(String websiteToken, String requestId) {
        Inbox inbox = inboxes.byWebsiteToken(websiteToken)
                .orElseThrow(() -> ProblemException.notFound("Unknown website token."));
        String token = ContactTokens.generate();
        Contact contact = new Contact(inbox, ContactTokens.hash(token), Database.now());
        em.persist(contact);
        em.flush();
        audit.record(AuditEntry.byContact(
                contact.getId(), "session.start", "created", requestId, null, "inbox " + inbox.getId()));
        return new NewSession(contact.getId(), token, true);
    }

    /** An existing visitor resumes; the website token must still name the visitor's inbox. */
    public NewSession resumeSession(ContactRef contact, String websiteToken, String requestId) {
        Inbox inbox = inboxes.byWebsiteToken(websiteToken)
                .orElseThrow(() -> ProblemException.notFound("Unknown website token."));
        if (inbox.getId() != contact.inboxId()) {
            throw ProblemException.unauthorized("The contact token does not belong to this website.");
        }
        audit.record(AuditEntry.byContact(contact.contactId(), "session.resume", "ok", requestId, null, null));
        return new NewSession(contact.contactId(), null, false);
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<ContactRef> authenticate(String token) {
        if (!ContactTokens.isWellFormed(token)) {
            return Optional.empty();
        }
        return em.createNamedQuery(Contact.FIND_BY_TOKEN_HASH, Contact.class)
                .setParameter("hash", ContactTokens.hash(token))
                .getResultStream()
                .findFirst()
                .map(this::survivor)
                .map(contact ->
                        new ContactRef(contact.getId(), contact.getInbox().getId()));
    }

    /** A merged contact speaks as the contact it was merged into (chains are short; the bound is a guard). */
    private Contact survivor(Contact contact) {
        return MergeChain.end(
                contact,
                current ->
                        current.getMergedIntoId() == null ? null : em.find(Contact.class, current.getMergedIntoId()));
    }
}
