package dev.parley.conversation.boundary;

import dev.parley.conversation.entity.ConversationStatus;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The agents' view of many conversations at once: filtered, sorted and paginated in the database,
 * so the console never loads more than one page. "Has duplicates" means the visitor has more than
 * one conversation that is not merged away - the ones an agent may want to merge.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.SUPPORTS)
public class ConversationSearch {

    public static final int MAX_LIMIT = 200;

    private static final String LIVE_SIBLINGS = "(select count(d) from Conversation d where d.contact = c.contact"
            + " and d.status <> dev.parley.conversation.entity.ConversationStatus.MERGED)";

    @PersistenceContext
    EntityManager em;

    /** What a list can be ordered by; ties are broken by id in the same direction. */
    public enum Sort {
        UPDATED_AT("c.updatedAt"), CREATED_AT("c.createdAt"), ID("c.id");

        private final String path;

        Sort(String path) {
            this.path = path;
        }
    }

    /** Every field is optional; {@code name} and {@code email} match case-insensitive substrings. */
    public record Criteria(ConversationStatus status, Long inboxId, Long contactId, String name, String email,
            boolean hasDuplicates, Sort sort, boolean ascending) {

        public static Criteria all() {
            return new Criteria(null, null, null, null, null, false, Sort.UPDATED_AT, false);
        }
    }

    /** One line of the list; {@code liveConversations} counts the visitor's conversations that are not merged. */
    public record Summary(long id, long contactId, String contactName, String contactEmail, long inboxId,
            String status, Long mergedInto, Instant createdAt, Instant updatedAt, long liveConversations) {

        public boolean hasDuplicates() {
            return liveConversations > 1 && !"MERGED".equals(status);
        }
    }

    public List<Summary> page(Criteria criteria, int offset, int limit) {
        List<Object> parameters = new ArrayList<>();
        String where = where(criteria, parameters);
        String order = " order by " + criteria.sort().path + (criteria.ascending() ? " asc" : " desc") + ", c.id"
                + (criteria.ascending() ? " asc" : " desc");
        TypedQuery<Object[]> query = em.createQuery("select c.id, ct.id, ct.name, ct.email, c.inbox.id, c.status,"
                + " c.mergedIntoId, c.createdAt, c.updatedAt, " + LIVE_SIBLINGS
                + " from Conversation c join c.contact ct" + where + order, Object[].class);
        bind(query, parameters);
        return query.setFirstResult(Math.max(0, offset))
                .setMaxResults(Math.max(1, Math.min(limit, MAX_LIMIT)))
                .getResultStream()
                .map(ConversationSearch::summary)
                .toList();
    }

    public long count(Criteria criteria) {
        List<Object> parameters = new ArrayList<>();
        TypedQuery<Long> query = em.createQuery("select count(c) from Conversation c join c.contact ct"
                + where(criteria, parameters), Long.class);
        bind(query, parameters);
        return query.getSingleResult();
    }

    public Optional<Summary> find(long conversationId) {
        return select("c.id = ?1", conversationId).stream().findFirst();
    }

    /** The conversations merged into this one (and not unmerged since), oldest first. */
    public List<Summary> mergedInto(long conversationId) {
        return select("c.mergedIntoId = ?1", conversationId);
    }

    private List<Summary> select(String condition, long parameter) {
        return em.createQuery("select c.id, ct.id, ct.name, ct.email, c.inbox.id, c.status, c.mergedIntoId,"
                + " c.createdAt, c.updatedAt, " + LIVE_SIBLINGS + " from Conversation c join c.contact ct where "
                + condition + " order by c.id", Object[].class)
                .setParameter(1, parameter)
                .setMaxResults(MAX_LIMIT)
                .getResultStream()
                .map(ConversationSearch::summary)
                .toList();
    }

    private static String where(Criteria criteria, List<Object> parameters) {
        List<String> conditions = new ArrayList<>();
        if (criteria.status() != null) {
            parameters.add(criteria.status());
            conditions.add("c.status = ?" + parameters.size());
        }
        if (criteria.inboxId() != null) {
            parameters.add(criteria.inboxId());
            conditions.add("c.inbox.id = ?" + parameters.size());
        }
        if (criteria.contactId() != null) {
            parameters.add(criteria.contactId());
            conditions.add("ct.id = ?" + parameters.size());
        }
        if (criteria.name() != null && !criteria.name().isBlank()) {
            parameters.add(contains(criteria.name()));
            conditions.add("lower(ct.name) like ?" + parameters.size() + " escape '!'");
        }
        if (criteria.email() != null && !criteria.email().isBlank()) {
            parameters.add(contains(criteria.email()));
            conditions.add("lower(ct.email) like ?" + parameters.size() + " escape '!'");
        }
        if (criteria.hasDuplicates()) {
            conditions.add("c.status <> dev.parley.conversation.entity.ConversationStatus.MERGED and " + LIVE_SIBLINGS
                    + " > 1");
        }
        return conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions);
    }

    private static String contains(String text) {
        String escaped = text.strip().toLowerCase(Locale.ROOT).replace("!", "!!").replace("%", "!%").replace("_", "!_");
        return "%" + escaped + "%";
    }

    private static void bind(TypedQuery<?> query, List<Object> parameters) {
        for (int i = 0; i < parameters.size(); i++) {
            query.setParameter(i + 1, parameters.get(i));
        }
    }

    private static Summary summary(Object[] row) {
        return new Summary((Long) row[0], (Long) row[1], (String) row[2], (String) row[3], (Long) row[4],
                ((ConversationStatus) row[5]).name(), (Long) row[6], (Instant) row[7], (Instant) row[8],
                ((Number) row[9]).longValue());
    }
}
