package dev.parley.conversation.boundary;

import dev.parley.conversation.control.DuplicateRule;
import dev.parley.conversation.entity.Conversation;
import dev.parley.conversation.entity.ConversationStatus;
import dev.parley.conversation.entity.ConversationView;
import dev.parley.schema.control.Conditions;
import dev.parley.schema.control.Database;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The one list of conversations, for the console and the agent API alike: filtered, sorted and
 * paginated in the database, so neither ever loads more than one page, and a filter means the same
 * in both.
 *
 * <p>"Has duplicates" means: the conversation is not merged away, and another unmerged conversation of
 * the same inbox belongs to the same person (the same contact, or a contact that gave the same email)
 * and either was open at an overlapping time or was opened with the same first visitor message. That is
 * exactly when the console suggests merging one into the other ({@link DuplicateRule}), so the filter,
 * the list's badge and the suggestions never disagree. Two chats of one visitor months apart about
 * different things are not duplicates; the same question asked twice is, even after the first was resolved.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.SUPPORTS)
public class ConversationSearch {

    public static final int MAX_LIMIT = 200;

    private static final String NOT_MERGED = "c.status <> dev.parley.conversation.entity.ConversationStatus.MERGED";

    private static final String DUPLICATES = "(select count(o) from Conversation o where " + DuplicateRule.JPQL + ")";

    private static final String SUMMARY = "select c.id, ct.id, ct.name, ct.email, c.inbox.id, c.status,"
            + " c.mergedIntoId, c.createdAt, c.updatedAt, case when " + NOT_MERGED + " then " + DUPLICATES
            + " else 0 end, case when ct.identifier is null then 0 else 1 end"
            + " from Conversation c join c.contact ct";

    @PersistenceContext
    EntityManager em;

    /** What a list can be ordered by; ties are broken by id in the same direction. */
    public enum Sort {
        UPDATED_AT("c.updatedAt"),
        CREATED_AT("c.createdAt"),
        ID("c.id");

        private final String path;

        Sort(String path) {
            this.path = path;
        }
    }

    /**
     * Every field is optional; {@code name} and {@code email} match case-insensitive substrings.
     * {@link #all()} lists newest first, as the agent API does; the console sorts by its columns.
     */
    public record Criteria(
            ConversationStatus status,
            Long inboxId,
            Long contactId,
            String name,
            String email,
            boolean hasDuplicates,
            Sort sort,
            boolean ascending) {

        public static Criteria all() {
            return new Criteria(null, null, null, null, null, false, Sort.ID, false);
        }

        private Conditions conditions(Instant now) {
            return new Conditions()
                    .equal("c.status", status)
                    .equal("c.inbox.id", inboxId)
                    .equal("ct.id", contactId)
                    .contains("ct.name", name)
                    .contains("ct.email", email)
                    .when(
                            hasDuplicates,
                            NOT_MERGED + " and exists (select o.id from Conversation o where " + DuplicateRule.JPQL
                                    + ")",
                            now,
                            now);
        }

        private String order() {
            String direction = ascending ? " asc" : " desc";
            return " order by " + sort.path + direction + (sort == Sort.ID ? "" : ", c.id" + direction);
        }
    }

    /**
     * One line of the list; {@code duplicates} counts the conversations it {@linkplain DuplicateRule duplicates};
     * {@code verified} when the visitor's website vouched for its identity.
     */
    public record Summary(
            long id,
            long contactId,
            String contactName,
            String contactEmail,
            long inboxId,
            String status,
            Long mergedInto,
            Instant createdAt,
            Instant updatedAt,
            long duplicates,
            boolean verified) {

        public boolean hasDuplicates() {
            return duplicates > 0;
        }
    }

    /** A page of list lines, for the console. */
    public List<Summary> page(Criteria criteria, int offset, int limit) {
        Instant now = Database.now();
        Conditions where = criteria.conditions(now);
        String select = where.numbered(SUMMARY, now, now);
        return paged(
                        where.bind(em.createQuery(select + where.where() + criteria.order(), Object[].class)),
                        offset,
                        limit)
                .map(ConversationSearch::summary)
                .toList();
    }

    /** The same page as conversations without their messages, for the agent API. */
    public List<ConversationView> views(Criteria criteria, int offset, int limit) {
        Conditions where = criteria.conditions(Database.now());
        return paged(
                        where.bind(em.createQuery(
                                "select c from Conversation c join fetch c.contact join c.contact ct" + where.where()
                                        + criteria.order(),
                                Conversation.class)),
                        offset,
                        limit)
                .map(conversation -> ConversationView.forAgents(conversation, null))
                .toList();
    }

    public long count(Criteria criteria) {
        Conditions where = criteria.conditions(Database.now());
        return where.bind(em.createQuery(
                        "select count(c) from Conversation c join c.contact ct" + where.where(), Long.class))
                .getSingleResult();
    }

    public Optional<Summary> find(long conversationId) {
        return select("c.id", conversationId).stream().findFirst();
    }

    /** The conversations merged into this one (and not unmerged since), oldest first. */
    public List<Summary> mergedInto(long conversationId) {
        return select("c.mergedIntoId", conversationId);
    }

    private List<Summary> select(String path, long value) {
        Instant now = Database.now();
        Conditions where = new Conditions();
        String select = where.numbered(SUMMARY, now, now);
        where.equal(path, value);
        return where.bind(em.createQuery(select + where.where() + " order by c.id", Object[].class))
                .setMaxResults(MAX_LIMIT)
                .getResultStream()
                .map(ConversationSearch::summary)
                .toList();
    }

    private static <T> Stream<T> paged(TypedQuery<T> query, int offset, int limit) {
        return query.setFirstResult(Math.max(0, offset))
                .setMaxResults(Math.max(1, Math.min(limit, MAX_LIMIT)))
                .getResultStream();
    }

    private static Summary summary(Object[] row) {
        return new Summary(
                (Long) row[0],
                (Long) row[1],
                (String) row[2],
                (String) row[3],
                (Long) row[4],
                ((ConversationStatus) row[5]).name(),
                (Long) row[6],
                (Instant) row[7],
                (Instant) row[8],
                ((Number) row[9]).longValue(),
                ((Number) row[10]).intValue() == 1);
    }
}
