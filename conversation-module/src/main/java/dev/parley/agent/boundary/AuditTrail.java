package dev.parley.agent.boundary;

import dev.parley.audit.entity.AuditEvent;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The audit log as agents read it through the API: newest first, filtered, paged. */
@Stateless
@TransactionAttribute(TransactionAttributeType.SUPPORTS)
public class AuditTrail {

    @PersistenceContext
    EntityManager em;

    public List<AuditEvent> page(Long conversationId, Long contactId, String action, int offset, int limit) {
        return filtered("select a", AuditEvent.class, conversationId, contactId, action, " order by a.id desc")
                .setFirstResult(offset).setMaxResults(limit).getResultList();
    }

    public long count(Long conversationId, Long contactId, String action) {
        return filtered("select count(a)", Long.class, conversationId, contactId, action, "").getSingleResult();
    }

    private <T> TypedQuery<T> filtered(String select, Class<T> type, Long conversationId, Long contactId,
            String action, String order) {
        StringBuilder jpql = new StringBuilder(select).append(" from AuditEvent a where 1 = 1");
        Map<String, Object> parameters = new HashMap<>();
        if (conversationId != null) {
            jpql.append(" and a.conversationId = :conversationId");
            parameters.put("conversationId", conversationId);
        }
        if (contactId != null) {
            jpql.append(" and a.contactId = :contactId");
            parameters.put("contactId", contactId);
        }
        if (action != null) {
            jpql.append(" and a.action = :action");
            parameters.put("action", action);
        }
        TypedQuery<T> query = em.createQuery(jpql.append(order).toString(), type);
        parameters.forEach(query::setParameter);
        return query;
    }
}
