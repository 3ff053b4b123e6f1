package dev.parley.privacy.boundary;

import dev.parley.agent.entity.Role;
import dev.parley.audit.control.AuditLog;
import dev.parley.audit.entity.AuditEntry;
import dev.parley.audit.entity.AuditEvent;
import dev.parley.contact.entity.Contact;
import dev.parley.contact.entity.ContactDevice;
import dev.parley.contact.entity.ContactToken;
import dev.parley.contact.entity.VisitorContextView;
import dev.parley.conversation.entity.Conversation;
import dev.parley.conversation.entity.Message;
import dev.parley.conversation.entity.MessageView;
import dev.parley.merge.entity.MergeRecord;
import dev.parley.privacy.control.ContactEraser;
import dev.parley.privacy.entity.ContactExport;
import dev.parley.privacy.entity.ErasureRequest;
import dev.parley.privacy.entity.ErasureRequestView;
import dev.parley.privacy.entity.ErasureSummary;
import dev.parley.problem.entity.ProblemException;
import dev.parley.schema.control.Database;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.ArrayList;
import java.util.List;

/**
 * A visitor's data on request (admins only, checked here with the caller's role for the console as for the
 * API): everything Parley holds about them as one export, and its erasure ({@link ContactEraser}). Both are
 * audited; the audit entries name who acted and on which contact, never the data.
 */
@Stateless
public class Erasures {

    @PersistenceContext
    EntityManager em;

    @Inject
    ContactEraser eraser;

    @Inject
    AuditLog audit;

    /** Erases the contact's personal data (the contacts merged into it too); the same call again changes nothing more. */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public ErasureSummary erase(long contactId, String actor, Role role, String requestId) {
        adminOnly(role);
        return eraser.erase(contactId, actor, requestId);
    }

    /** Everything about the contact, as {@link ContactExport} lists it; audited as an export by the caller. */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public ContactExport export(long contactId, String actor, Role role, String requestId) {
        adminOnly(role);
        Contact contact = em.find(Contact.class, contactId);
        if (contact == null) {
            throw ProblemException.notFound("No such contact.");
        }
        List<Contact> merged = mergedInto(contact);
        List<Long> contactIds = new ArrayList<>(List.of(contactId));
        merged.forEach(each -> contactIds.add(each.getId()));
        List<Conversation> conversations = em.createNamedQuery(
                        Conversation.FIND_OF_CONTACTS_ASCENDING, Conversation.class)
                .setParameter("contactIds", contactIds)
                .getResultList();
        List<Long> conversationIds =
                conversations.stream().map(Conversation::getId).toList();
        List<ContactExport.ConversationRecord> records = conversations.stream()
                .map(c -> new ContactExport.ConversationRecord(
                        c.getId(),
                        c.getContact().getId(),
                        c.getStatus().name(),
                        c.getMergedIntoId(),
                        c.getCreatedAt(),
                        c.getUpdatedAt(),
                        em.createQuery(
                                        "select m from Message m where m.originConversationId = :id order by m.id",
                                        Message.class)
                                .setParameter("id", c.getId())
                                .getResultStream()
                                .map(MessageView::of)
                                .toList()))
                .toList();
        List<ContactExport.MergeHistory> merges = conversationIds.isEmpty()
                ? List.of()
                : em.createQuery(
                                "select r from MergeRecord r where r.sourceId in :ids or r.targetId in :ids order by r.id",
                                MergeRecord.class)
                        .setParameter("ids", conversationIds)
                        .getResultStream()
                        .map(r -> new ContactExport.MergeHistory(
                                r.getId(),
                                r.getTargetId(),
                                r.getSourceId(),
                                r.isCrossContact(),
                                r.getActor(),
                                r.getMergedAt(),
                                r.getUnmergedAt(),
                                List.copyOf(r.getMovedMessageIds())))
                        .toList();
        var auditQuery = em.createQuery(
                        "select a from AuditEvent a where a.contactId in :contactIds"
                                + (conversationIds.isEmpty() ? "" : " or a.conversationId in :conversationIds")
                                + " order by a.id",
                        AuditEvent.class)
                .setParameter("contactIds", contactIds);
        if (!conversationIds.isEmpty()) {
            auditQuery.setParameter("conversationIds", conversationIds);
        }
        List<ContactExport.AuditLine> entries = auditQuery
                .getResultStream()
                .map(a -> new ContactExport.AuditLine(
                        a.getId(),
                        a.getOccurredAt(),
                        a.getAction(),
                        a.getOutcome(),
                        a.getActor(),
                        a.getRequestId(),
                        a.getContactId(),
                        a.getConversationId(),
                        a.getDetail()))
                .toList();
        List<ContactDevice> devices = em.createNamedQuery(ContactToken.FIND_OF_CONTACTS, ContactToken.class)
                .setParameter("contactIds", contactIds)
                .getResultStream()
                .map(ContactDevice::of)
                .toList();
        List<ErasureRequestView> requests = em.createNamedQuery(ErasureRequest.FIND_OF_CONTACTS, ErasureRequest.class)
                .setParameter("contactIds", contactIds)
                .getResultStream()
                .map(ErasureRequestView::of)
                .toList();
        audit.record(new AuditEntry(
                "contact.export",
                "exported",
                actor,
                requestId,
                contactId,
                null,
                conversations.size() + " conversations, " + entries.size() + " audit entries"));
        return new ContactExport(
                Database.now(),
                person(contact),
                merged.stream().map(Erasures::person).toList(),
                devices,
                records,
                merges,
                entries,
                requests);
    }

    private List<Contact> mergedInto(Contact contact) {
        List<Contact> merged = new ArrayList<>();
        List<Long> frontier = List.of(contact.getId());
        for (int hop = 0; hop < 64 && !frontier.isEmpty(); hop++) {
            frontier = em.createNamedQuery(Contact.FIND_MERGED_INTO, Long.class)
                    .setParameter("ids", frontier)
                    .getResultList();
            frontier.forEach(id -> merged.add(em.find(Contact.class, id)));
        }
        return merged;
    }

    private static ContactExport.Person person(Contact contact) {
        return new ContactExport.Person(
                contact.getId(),
                contact.getInbox().getId(),
                contact.getName(),
                contact.getEmail(),
                contact.getIdentifier(),
                contact.getCreatedAt(),
                contact.getVerifiedAt(),
                contact.getMergedIntoId(),
                contact.getErasedAt(),
                VisitorContextView.of(contact));
    }

    static void adminOnly(Role role) {
        if (role != Role.ADMIN) {
            throw new ProblemException(403, "forbidden", "Forbidden", "Only an admin may do this.");
        }
    }
}
