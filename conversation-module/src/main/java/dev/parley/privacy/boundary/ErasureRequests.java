package dev.parley.privacy.boundary;

import dev.parley.agent.entity.Role;
import dev.parley.audit.control.AuditLog;
import dev.parley.audit.entity.AuditEntry;
import dev.parley.contact.entity.Contact;
import dev.parley.contact.entity.ContactRef;
import dev.parley.inbox.entity.Inbox;
import dev.parley.privacy.control.ContactEraser;
import dev.parley.privacy.entity.ErasureRequest;
import dev.parley.privacy.entity.ErasureRequestStatus;
import dev.parley.privacy.entity.ErasureRequestView;
import dev.parley.problem.entity.ProblemException;
import dev.parley.schema.control.Database;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import java.util.List;
import java.util.Optional;

/**
 * Visitors' own erasure requests, where their inbox offers them (off by default: the inbox setting
 * {@code visitorErasureRequests}). A visitor files one (a second while it waits answers the first); an admin
 * confirms it, which erases the visitor's data in the same transaction, or rejects it. Every step is audited.
 */
@Stateless
public class ErasureRequests {

    @PersistenceContext
    EntityManager em;

    @Inject
    ContactEraser eraser;

    @Inject
    AuditLog audit;

    @Inject
    Database database;

    /** Files the visitor's request; 404 where the inbox does not offer it; the pending one again when it waits. */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public Filed file(ContactRef visitor, String requestId) {
        Inbox inbox = em.find(Inbox.class, visitor.inboxId());
        if (inbox == null || !inbox.isVisitorErasureRequests()) {
            throw ProblemException.notFound("This website does not take erasure requests through the chat.");
        }
        database.boundWaits(em);
        em.find(Contact.class, visitor.contactId(), LockModeType.PESSIMISTIC_WRITE);
        Optional<ErasureRequest> pending = pending(visitor.contactId());
        if (pending.isPresent()) {
            return new Filed(ErasureRequestView.of(pending.get()), false);
        }
        ErasureRequest request = new ErasureRequest(inbox.getId(), visitor.contactId(), Database.now());
        em.persist(request);
        try {
            em.flush();
        } catch (PersistenceException raced) {
            throw ProblemException.conflict("erasure-request-pending", "A request of this visitor is pending.");
        }
        audit.record(AuditEntry.byContact(
                visitor.contactId(), "erasure.request", "filed", requestId, null, "request " + request.getId()));
        return new Filed(ErasureRequestView.of(request), true);
    }

    /** A request as filed, and whether this call filed it. */
    public record Filed(ErasureRequestView request, boolean created) {}

    /** Requests, oldest pending first, or newest first of every status when {@code status} is null; admins only. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<ErasureRequestView> list(ErasureRequestStatus status, Role role) {
        Erasures.adminOnly(role);
        return (status == null
                        ? em.createNamedQuery(ErasureRequest.FIND_ALL, ErasureRequest.class)
                        : em.createNamedQuery(ErasureRequest.FIND_BY_STATUS, ErasureRequest.class)
                                .setParameter("status", status))
                .setMaxResults(500)
                .getResultStream()
                .map(ErasureRequestView::of)
                .toList();
    }

    /** Erases the visitor's data and marks the request confirmed, in one transaction; 409 once decided. */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public ErasureRequestView confirm(long requestId, String actor, Role role, String auditRequestId) {
        Erasures.adminOnly(role);
        ErasureRequest request = pendingForDecision(requestId);
        eraser.erase(request.getContactId(), actor, auditRequestId);
        if (request.getStatus() != ErasureRequestStatus.CONFIRMED) {
            request.decide(ErasureRequestStatus.CONFIRMED, actor, Database.now());
        }
        audit.record(new AuditEntry(
                "erasure.request",
                "confirmed",
                actor,
                auditRequestId,
                request.getContactId(),
                null,
                "request " + requestId));
        return ErasureRequestView.of(request);
    }

    /** Turns the request down; the visitor's data stays. 409 once decided. */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public ErasureRequestView reject(long requestId, String actor, Role role, String auditRequestId) {
        Erasures.adminOnly(role);
        ErasureRequest request = pendingForDecision(requestId);
        request.decide(ErasureRequestStatus.REJECTED, actor, Database.now());
        audit.record(new AuditEntry(
                "erasure.request",
                "rejected",
                actor,
                auditRequestId,
                request.getContactId(),
                null,
                "request " + requestId));
        return ErasureRequestView.of(request);
    }

    private ErasureRequest pendingForDecision(long requestId) {
        database.boundWaits(em);
        ErasureRequest request = em.find(ErasureRequest.class, requestId, LockModeType.PESSIMISTIC_WRITE);
        if (request == null) {
            throw ProblemException.notFound("No such erasure request.");
        }
        if (request.getStatus() != ErasureRequestStatus.PENDING) {
            throw ProblemException.conflict(
                    "erasure-request-decided",
                    "This request was " + request.getStatus().name().toLowerCase() + " already.");
        }
        return request;
    }

    private Optional<ErasureRequest> pending(long contactId) {
        return em.createNamedQuery(ErasureRequest.FIND_PENDING_OF_CONTACT, ErasureRequest.class)
                .setParameter("contactId", contactId)
                .getResultStream()
                .findFirst();
    }
}
