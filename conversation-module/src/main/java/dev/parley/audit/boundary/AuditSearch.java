package dev.parley.audit.boundary;

import dev.parley.audit.entity.AuditEvent;
import dev.parley.schema.control.Conditions;
import dev.parley.schema.entity.Total;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;

/**
 * Finds audit entries for people answering "what happened here?": by request id, visitor,
 * conversation, action (a prefix, so {@code merge} finds every merge action) and time range,
 * newest first, one page at a time. Read-only; the log itself is written by {@link AuditLog}.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.SUPPORTS)
public class AuditSearch {

    public static final int MAX_LIMIT = 200;

    @PersistenceContext
    EntityManager em;

    /** Every field is optional; {@code from} is inclusive, {@code to} exclusive. */
    public record Criteria(
            String requestId, Long contactId, Long conversationId, String action, Instant from, Instant to) {

        public static Criteria all() {
            return new Criteria(null, null, null, null, null, null);
        }
    }

    public List<AuditEvent> page(Criteria criteria, int offset, int limit) {
        Conditions where = where(criteria);
        return where.bind(em.createQuery(
                        "select a from AuditEvent a" + where.where() + " order by a.occurredAt desc, a.id desc",
                        AuditEvent.class))
                .setFirstResult(Math.max(0, offset))
                .setMaxResults(Math.max(1, Math.min(limit, MAX_LIMIT)))
                .getResultList();
    }

    /** The number of matching entries, exact up to {@link Total#LIMIT}. */
    public Total count(Criteria criteria) {
        return where(criteria).total(em, "a", " from AuditEvent a");
    }

    private static Conditions where(Criteria criteria) {
        return new Conditions()
                .equal(
                        "a.requestId",
                        criteria.requestId() == null || criteria.requestId().isBlank()
                                ? null
                                : criteria.requestId().strip())
                .equal("a.contactId", criteria.contactId())
                .equal("a.conversationId", criteria.conversationId())
                .startsWith("a.action", criteria.action())
                .atLeast("a.occurredAt", criteria.from())
                .before("a.occurredAt", criteria.to());
    }
}
