package dev.parley.privacy.control;

import dev.parley.audit.control.AuditLog;
import dev.parley.audit.entity.AuditEntry;
import dev.parley.audit.entity.AuditEvent;
import dev.parley.contact.entity.Contact;
import dev.parley.contact.entity.ContactEmailChanged;
import dev.parley.contact.entity.ContactErased;
import dev.parley.contact.entity.ContactToken;
import dev.parley.contact.entity.ContactTokensRevoked;
import dev.parley.conversation.entity.Message;
import dev.parley.conversation.entity.Sender;
import dev.parley.privacy.entity.ErasureRequest;
import dev.parley.privacy.entity.ErasureRequestStatus;
import dev.parley.privacy.entity.ErasureSummary;
import dev.parley.problem.entity.ProblemException;
import dev.parley.schema.control.Database;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Erases a visitor's personal data in the caller's transaction, under the contact's row lock (so no start or
 * identify of the visitor runs meanwhile): the contact's and its merged contacts' name, email, identifier and
 * context; the texts (and the visitor's name as author) of every message written in their conversations, the
 * agents' replies included; their devices, revoked (their sockets close after commit); their idempotency
 * records, deleted; and every occurrence of those data in the details of audit entries about them. Ids,
 * counts, timestamps, statuses and merge records stay, so statistics, the audit trail and unmerge keep working.
 * Messages another visitor wrote that a cross-contact merge brought into these conversations are that
 * visitor's, and stay. A contact merged into another is erased through the one it was merged into (409).
 * Fires {@link ContactErased} before returning, so other features scrub their rows in this transaction.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.MANDATORY)
public class ContactEraser {

    private static final String ERASED = "[erased]";

    @PersistenceContext
    EntityManager em;

    @Inject
    AuditLog audit;

    @Inject
    Database database;

    @Inject
    Event<ContactTokensRevoked> tokensRevoked;

    @Inject
    Event<ContactErased> erased;

    @Inject
    Event<ContactEmailChanged> emailChanged;

    public ErasureSummary erase(long contactId, String actor, String requestId) {
        database.boundWaits(em);
        Contact contact = em.find(Contact.class, contactId, LockModeType.PESSIMISTIC_WRITE);
        if (contact == null) {
            throw ProblemException.notFound("No such contact.");
        }
        if (contact.getMergedIntoId() != null) {
            throw ProblemException.conflict(
                    "contact-merged",
                    "Contact " + contactId + " was merged into contact " + contact.getMergedIntoId()
                            + ", which holds its data now: erase contact " + contact.getMergedIntoId() + ".");
        }
        List<Contact> contacts = scope(contact);
        List<Long> contactIds = contacts.stream().map(Contact::getId).toList();
        Set<String> data = new LinkedHashSet<>();
        for (Contact each : contacts) {
            addAll(
                    data,
                    each.getName(),
                    each.getEmail(),
                    each.getIdentifier(),
                    each.getContextUrl(),
                    each.getContextTitle());
        }
        Instant now = Database.now();
        List<Long> conversationIds = em.createQuery(
                        "select c.id from Conversation c where c.contact.id in :contactIds order by c.id", Long.class)
                .setParameter("contactIds", contactIds)
                .getResultList();
        int messages = conversationIds.isEmpty() ? 0 : removeTexts(conversationIds, now);
        Set<Long> revoked = new LinkedHashSet<>();
        for (ContactToken token : em.createNamedQuery(ContactToken.FIND_OF_CONTACTS, ContactToken.class)
                .setParameter("contactIds", contactIds)
                .getResultList()) {
            if (token.revoke(now)) {
                revoked.add(token.getId());
            }
        }
        int idempotency = em.createQuery("delete from IdempotencyRecord r where r.contactId in :contactIds")
                .setParameter("contactIds", contactIds)
                .executeUpdate();
        int scrubbed = scrubAudit(contactIds, conversationIds, data);
        int confirmed = 0;
        for (ErasureRequest request : em.createNamedQuery(ErasureRequest.FIND_OF_CONTACTS, ErasureRequest.class)
                .setParameter("contactIds", contactIds)
                .getResultList()) {
            if (request.decide(ErasureRequestStatus.CONFIRMED, actor, now)) {
                confirmed++;
            }
        }
        Map<Long, String> emails = new HashMap<>();
        contacts.forEach(each -> emails.put(each.getId(), each.getEmail()));
        contacts.forEach(each -> each.erase(now));
        em.flush();
        ErasureSummary summary = new ErasureSummary(
                contactId,
                contactIds,
                contact.getErasedAt(),
                conversationIds.size(),
                messages,
                revoked.size(),
                idempotency,
                scrubbed,
                confirmed);
        if (!revoked.isEmpty()) {
            tokensRevoked.fire(new ContactTokensRevoked(Set.copyOf(revoked)));
        }
        emails.forEach((id, email) -> {
            if (email != null) {
                emailChanged.fire(new ContactEmailChanged(id, email));
            }
        });
        erased.fire(new ContactErased(contactId, Set.copyOf(contactIds), Set.copyOf(conversationIds), now));
        audit.record(new AuditEntry("contact.erase", "erased", actor, requestId, contactId, null, summary.describe()));
        return summary;
    }

    /** The contact and, hop by hop, the contacts merged into it (their tokens speak for it). */
    private List<Contact> scope(Contact contact) {
        List<Contact> contacts = new ArrayList<>(List.of(contact));
        List<Long> frontier = List.of(contact.getId());
        for (int hop = 0; hop < 64 && !frontier.isEmpty(); hop++) {
            frontier = em.createNamedQuery(Contact.FIND_MERGED_INTO, Long.class)
                    .setParameter("ids", frontier)
                    .getResultList();
            for (Long id : frontier) {
                contacts.add(em.find(Contact.class, id, LockModeType.PESSIMISTIC_WRITE));
            }
        }
        return contacts;
    }

    private int removeTexts(List<Long> conversationIds, Instant now) {
        em.createQuery("update Message m set m.author = null"
                        + " where m.originConversationId in :conversationIds and m.sender = :contact")
                .setParameter("conversationIds", conversationIds)
                .setParameter("contact", Sender.CONTACT)
                .executeUpdate();
        return em.createQuery("update Message m set m.content = :removed, m.redactedAt = :now"
                        + " where m.originConversationId in :conversationIds and m.redactedAt is null")
                .setParameter("conversationIds", conversationIds)
                .setParameter("removed", Message.REMOVED_TEXT)
                .setParameter("now", now)
                .executeUpdate();
    }

    /** Replaces the visitor's data in the details of entries about the contacts or their conversations. */
    private int scrubAudit(List<Long> contactIds, List<Long> conversationIds, Set<String> data) {
        if (data.isEmpty()) {
            return 0;
        }
        List<String> values = new ArrayList<>(data);
        StringBuilder contains = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            contains.append(i == 0 ? "" : " or ").append("locate(:d").append(i).append(", a.detail) > 0");
        }
        String about = conversationIds.isEmpty()
                ? "a.contactId in :contactIds"
                : "(a.contactId in :contactIds or a.conversationId in :conversationIds)";
        TypedQuery<AuditEvent> query = em.createQuery(
                "select a from AuditEvent a where " + about + " and a.detail is not null and (" + contains + ")",
                AuditEvent.class);
        query.setParameter("contactIds", contactIds);
        if (!conversationIds.isEmpty()) {
            query.setParameter("conversationIds", conversationIds);
        }
        for (int i = 0; i < values.size(); i++) {
            query.setParameter("d" + i, values.get(i));
        }
        List<AuditEvent> entries = query.getResultList();
        entries.forEach(entry -> entry.scrub(values, ERASED));
        return entries.size();
    }

    private static void addAll(Set<String> data, String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                data.add(value);
            }
        }
    }
}
