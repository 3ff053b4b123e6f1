package dev.parley.audit.boundary;

import dev.parley.audit.entity.AuditEvent;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.time.Instant;
import java.util.ArrayList;
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
    public record Criteria(String requestId, Long contactId, Long conversationId, String action, Instant from,
            Instant to) {

        public static Criteria all() {
            return new Criteria(null, null, null, null, null, null);
        }
    }

    public List<AuditEvent> page(Criteria criteria, int offset, int limit) {
        List<Object> parameters = new ArrayList<>();
        TypedQuery<AuditEvent> query = em.createQuery("select a from AuditEvent a" + where(criteria, parameters)
                + " order by a.occurredAt desc, a.id desc", AuditEvent.class);
        bind(query, parameters);
        return query.setFirstResult(Math.max(0, offset)).setMaxResults(Math.max(1, Math.min(limit, MAX_LIMIT)))
                .getResultList();
    }

    public long count(Criteria criteria) {
        List<Object> parameters = new ArrayList<>();
        TypedQuery<Long> query = em.createQuery("select count(a) from AuditEvent a" + where(criteria, parameters),
                Long.class);
        bind(query, parameters);
        return query.getSingleResult();
    }

    private static String where(Criteria criteria, List<Object> parameters) {
        List<String> conditions = new ArrayList<>();
        if (criteria.requestId() != null && !criteria.requestId().isBlank()) {
            parameters.add(criteria.requestId().strip());
            conditions.add("a.requestId = ?" + parameters.size());
        }
        if (criteria.contactId() != null) {
            parameters.add(criteria.contactId());
            conditions.add("a.contactId = ?" + parameters.size());
        }
        if (criteria.conversationId() != null) {
            parameters.add(criteria.conversationId());
            conditions.add("a.conversationId = ?" + parameters.size());
        }
        if (criteria.action() != null && !criteria.action().isBlank()) {
            parameters.add(criteria.action().strip().replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%");
            conditions.add("a.action like ?" + parameters.size() + " escape '!'");
        }
        if (criteria.from() != null) {
            parameters.add(criteria.from());
            conditions.add("a.occurredAt >= ?" + parameters.size());
        }
        if (criteria.to() != null) {
            parameters.add(criteria.to());
            conditions.add("a.occurredAt < ?" + parameters.size());
        }
        return conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions);
    }

    private static void bind(TypedQuery<?> query, List<Object> parameters) {
        for (int i = 0; i < parameters.size(); i++) {
            query.setParameter(i + 1, parameters.get(i));
        }
    }
}
