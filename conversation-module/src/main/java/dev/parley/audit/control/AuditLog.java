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
    private static final int ROWS_PER_INSERT = 200;
    /** action … detail, cast so that a null binds on every database. */
    private static final List<String> COLUMN_TYPES =
            List.of("varchar(50)", "varchar(50)", "varchar(200)", "varchar(255)", "bigint", "bigint", "varchar(2000)");

    @PersistenceContext
    EntityManager em;

    @TransactionAttribute(TransactionAttributeType.MANDATORY)
    public void record(AuditEntry entry) {
        em.persist(toEvent(entry));
    }

    /**
     * As {@link #record} for many entries, in one statement per 200 rows: a shared start records a
     * key per request, and one insert per entry would cost a round trip each under the visitor's lock.
     */
    @TransactionAttribute(TransactionAttributeType.MANDATORY)
    public void recordAll(List<AuditEntry> entries) {
        for (int from = 0; from < entries.size(); from += ROWS_PER_INSERT) {
            List<AuditEvent> rows = entries.subList(from, Math.min(entries.size(), from + ROWS_PER_INSERT)).stream()
                    .map(AuditLog::toEvent)
                    .toList();
            StringBuilder sql = new StringBuilder("insert into audit_event (occurred_at, action, outcome, actor,"
                    + " request_id, contact_id, conversation_id, detail) values ");
            int p = 0;
            for (int row = 0; row < rows.size(); row++) {
                sql.append(row == 0 ? "" : ", ").append("(cast(?").append(++p).append(" as timestamp with time zone)");
                for (String type : COLUMN_TYPES) {
                    sql.append(", cast(?")
                            .append(++p)
                            .append(" as ")
                            .append(type)
                            .append(')');
                }
                sql.append(')');
            }
            var insert = em.createNativeQuery(sql.toString());
            p = 0;
            for (AuditEvent event : rows) {
                insert.setParameter(++p, event.getOccurredAt());
                insert.setParameter(++p, event.getAction());
                insert.setParameter(++p, event.getOutcome());
                insert.setParameter(++p, event.getActor());
                insert.setParameter(++p, event.getRequestId());
                insert.setParameter(++p, event.getContactId());
                insert.setParameter(++p, event.getConversationId());
                insert.setParameter(++p, event.getDetail());
            }
            insert.executeUpdate();
        }
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
