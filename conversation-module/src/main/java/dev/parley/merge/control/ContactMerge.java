package dev.parley.merge.control;

import dev.parley.audit.control.AuditLog;
import dev.parley.audit.entity.AuditEntry;
import dev.parley.contact.entity.Contact;
import dev.parley.conversation.entity.Conversation;
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
 * Merges an anonymous contact into the verified contact its visitor proved to be (same identifier,
 * signed by the website): the verified one survives, the anonymous one's tokens speak for it from
 * then on. Only on that proof: a typed email never merges contacts, because merging identities shows
 * the survivor's history to whoever holds the merged token. The callers lock both contact rows in
 * ascending id order; under them this merges the two live conversations (the anonymous one into the
 * survivor's) before it hands the merged contact's conversations over, so the one-live-conversation
 * constraint holds at every flush. That conversation merge crosses contacts by design, is audited and
 * undoable like any other (unmerge); it acts as {@link MergeActor#system}, with admin rights.
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

    /**
     * Merges {@code merged} into {@code survivor}, both locked; {@code proof} says why (for the audit
     * log, e.g. "verified identity ..."). Returns the survivor.
     */
    public Contact merge(Contact survivor, Contact merged, String actor, String requestId, String proof) {
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
                "contact " + merged.getId() + " merged into contact " + survivor.getId() + " (" + proof + ")"));
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
}
