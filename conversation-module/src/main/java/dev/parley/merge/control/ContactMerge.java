package dev.parley.merge.control;

import dev.parley.audit.control.AuditLog;
import dev.parley.audit.entity.AuditEntry;
import dev.parley.contact.entity.Contact;
import dev.parley.conversation.entity.Conversation;
import dev.parley.inbox.entity.AutoMergePolicy;
import dev.parley.inbox.entity.Inbox;
import dev.parley.merge.entity.ContactsMerged;
import dev.parley.merge.entity.MergeActor;
import dev.parley.problem.entity.ProblemException;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;

/**
 * Merges two contacts of one inbox that gave the same email: the older survives, the newer one's
 * token speaks for it from then on. Only for inboxes whose policy is AUTOMATIC, because the email
 * is not verified: merging identities shows the survivor's history to whoever typed the address,
 * which an inbox has to opt into. The callers lock both contact rows in ascending id order; under
 * them this merges the two live conversations (the newer one into the older's) before it hands
 * the newer contact's conversations over, so the one-live-conversation constraint holds at every flush.
 * That merge crosses contacts by design; it acts as {@link MergeActor#system}, with admin rights.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.MANDATORY)
public class ContactMerge {

    public static final String ACTOR = "system";

    @PersistenceContext
    EntityManager em;

    @Inject
    MergeTransaction mergeTransaction;

    @Inject
    AuditLog audit;

    @Inject
    Event<ContactsMerged> contactsMerged;

    /** The oldest other unmerged contact of the inbox with this email, if the inbox merges automatically. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<Contact> twin(Inbox inbox, long contactId, String email) {
        if (email == null || inbox.getAutoMergePolicy() != AutoMergePolicy.AUTOMATIC) {
            return Optional.empty();
        }
        return em.createNamedQuery(Contact.FIND_SAME_EMAIL, Contact.class)
                .setParameter("inboxId", inbox.getId())
                .setParameter("email", email)
                .getResultStream()
                .filter(other -> other.getId() != contactId)
                .findFirst();
    }

    /** Merges the newer of two locked contacts into the older one; returns the survivor. */
    public Contact merge(Contact one, Contact other, String actor, String requestId) {
        Contact survivor = one.getId() < other.getId() ? one : other;
        Contact merged = survivor == one ? other : one;
        if (survivor.getMergedIntoId() != null || merged.getMergedIntoId() != null) {
            throw ProblemException.conflict(
                    "conflict",
                    "Contact " + merged.getId() + " or " + survivor.getId() + " was merged meanwhile; try again.");
        }
        List<Conversation> conversations = em.createNamedQuery(
                        Conversation.FIND_OF_CONTACTS_ASCENDING, Conversation.class)
                .setParameter("contactIds", List.of(survivor.getId(), merged.getId()))
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultList();
        conversations.forEach(em::refresh);
        Optional<Conversation> survivorLive = live(conversations, survivor);
        Optional<Conversation> mergedLive = live(conversations, merged);
        if (survivorLive.isPresent() && mergedLive.isPresent()) {
            mergeTransaction.merge(
                    survivorLive.get(), List.of(mergedLive.get()), MergeActor.system(actor), true, requestId);
        }
        conversations.stream()
                .filter(c -> c.getContact().getId().equals(merged.getId()))
                .forEach(c -> c.reassign(survivor));
        em.flush();
        em.createQuery("update IdempotencyRecord r set r.contactId = :survivor where r.contactId = :merged"
                        + " and r.key not in (select o.key from IdempotencyRecord o where o.contactId = :survivor)")
                .setParameter("survivor", survivor.getId())
                .setParameter("merged", merged.getId())
                .executeUpdate();
        merged.mergeInto(survivor);
        em.flush();
        audit.record(new AuditEntry(
                "contact.merge",
                "merged",
                actor,
                requestId,
                survivor.getId(),
                survivorLive.map(Conversation::getId).orElse(null),
                "contact " + merged.getId() + " merged into the older contact " + survivor.getId() + " (same email)"));
        contactsMerged.fire(new ContactsMerged(survivor.getId(), merged.getId()));
        return survivor;
    }

    private static Optional<Conversation> live(List<Conversation> conversations, Contact contact) {
        return conversations.stream()
                .filter(c -> c.getContact().getId().equals(contact.getId())
                        && c.getStatus().isLive())
                .filter(c -> c.getInbox().getId().equals(contact.getInbox().getId()))
                .findFirst();
    }

    /** For the scan: locks the contacts of one email group in ascending order and merges them into the oldest. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public int mergeGroup(List<Long> contactIds, String actor, String requestId) {
        List<Contact> locked = contactIds.stream()
                .sorted()
                .map(id -> em.find(Contact.class, id, LockModeType.PESSIMISTIC_WRITE))
                .filter(contact -> contact != null && contact.getMergedIntoId() == null)
                .toList();
        int merges = 0;
        for (int i = 1; i < locked.size(); i++) {
            merge(locked.get(0), locked.get(i), actor, requestId);
            merges++;
        }
        return merges;
    }
}
