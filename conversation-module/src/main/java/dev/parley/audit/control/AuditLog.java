package dev.parley.audit.control;

import dev.parley.audit.entity.AuditEntry;
import dev.parley.audit.entity.AuditEvent;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * The audit log of every action. {@link #record} writes inside the caller's transaction, so the
 * entry exists exactly when the action does; {@link #recordAlone} writes in its own transaction,
 * for outcomes (conflicts, replays, timeouts) whose caller wrote nothing or rolled back.
 */
@Stateless
public class AuditLog {

    private static final int DETAIL_LIMIT = 2000;

    @PersistenceContext
    EntityManager em;

    @TransactionAttribute(TransactionAttributeType.MANDATORY)
    public void record(AuditEntry entry) {
        em.persist(toEvent(entry));
    }

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void recordAlone(AuditEntry entry) {
        em.persist(toEvent(entry));
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<AuditEvent> forRequest(String requestId) {
        return em.createNamedQuery(AuditEvent.FIND_BY_REQUEST, AuditEvent.class)
                .setParameter("requestId", requestId)
                .getResultList();
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<AuditEvent> forContact(long contactId) {
        return em.createNamedQuery(AuditEvent.FIND_BY_CONTACT, AuditEvent.class)
                .setParameter("contactId", contactId)
                .getResultList();
    }

    private static AuditEvent toEvent(AuditEntry entry) {
        String detail = entry.detail();
        if (detail != null && detail.length() > DETAIL_LIMIT) {
            detail = detail.substring(0, DETAIL_LIMIT);
        }
        String requestId = entry.requestId();
        if (requestId != null && requestId.length() > 255) {
            requestId = requestId.substring(0, 255);
        }
        return new AuditEvent(
                Instant.now(Clock.systemUTC()),
                entry.action(),
                entry.outcome(),
                entry.actor(),
                requestId,
                entry.contactId(),
                entry.conversationId(),
                detail);
    }
}
