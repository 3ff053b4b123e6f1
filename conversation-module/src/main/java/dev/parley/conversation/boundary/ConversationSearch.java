package dev.parley.conversation.boundary;

import dev.parley.conversation.control.AgentReading;
import dev.parley.conversation.control.DuplicateRule;
import dev.parley.conversation.entity.Assignee;
import dev.parley.conversation.entity.AssigneeFilter;
import dev.parley.conversation.entity.Conversation;
import dev.parley.conversation.entity.ConversationStatus;
import dev.parley.conversation.entity.ConversationText;
import dev.parley.conversation.entity.ConversationView;
import dev.parley.schema.control.Conditions;
import dev.parley.schema.control.Database;
import dev.parley.schema.entity.Total;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
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
 *
 * <p>For the agent asking (the criteria's {@code callerId}) every line carries its assignee and the caller's
 * unread count ({@link AgentReading}); {@code assignee} filters by {@link AssigneeFilter}, {@code text} matches
 * the visitor's name, email or any message (case-insensitive), and {@code mineFirst} puts the caller's own
 * live conversations before the rest, each part in the chosen order.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.SUPPORTS)
public class ConversationSearch {

    public static final int MAX_LIMIT = 200;

    private static final String NOT_MERGED = "c.status <> dev.parley.conversation.entity.ConversationStatus.MERGED";

    private static final String DUPLICATES = "(select count(o) from Conversation o where " + DuplicateRule.JPQL + ")";

    /**
     * The filter reads the rule's stored answer ({@code merge/control/DuplicateFlags} keeps it, in the transactions
     * that change the rule's inputs): checking the rule for every conversation took 25 s at a million.
     */
    private static final String FLAGGED = "c.hasDuplicates = true";

    private static final String SUMMARY = "select c.id, ct.id, ct.name, ct.email, c.inbox.id, c.status,"
            + " c.mergedIntoId, c.createdAt, c.updatedAt, case when " + NOT_MERGED + " then " + DUPLICATES
            + " else 0 end, case when ct.identifier is null then 0 else 1 end, c.assigneeId";

    private static final String FROM = " from Conversation c join c.contact ct";

    /**
     * The caller's own live conversations ({@code ?}: the caller), which mine-first lists put first, and the
     * rest. A mine-first page is read as these two parts, each in the list's order, rather than ordered by a
     * computed column: that order no index holds, so every matching row was read and sorted for each page
     * (docs/BENCHMARKS.md, "Scale of data"), while each part is read by the primary key or the assignee index.
     */
    private static final String MINE = "c.assigneeId = ? and c.activeContactId is not null";

    private static final String NOT_MINE = "(c.assigneeId is null or c.assigneeId <> ? or c.activeContactId is null)";

    /**
     * The visitor's name, email or any message contains the text ({@code ?}: the pattern), asked of the view of
     * all three ({@link ConversationText}) as one {@code in}: PostgreSQL answers it by V16's trigram indexes and
     * reads only the matching conversations, where the {@code or} of the three (with a correlated {@code exists}
     * per conversation) read every conversation and, for each, its messages (19 s at a million conversations,
     * docs/BENCHMARKS.md). A text under 3 characters has no trigram to look up: that search reads every row.
     */
    private static final String TEXT =
            "c.id in (select t.conversationId from ConversationText t where t.text like ? escape '!')";

    /** The longest text search, in characters. */
    public static final int TEXT_LIMIT = 200;

    @PersistenceContext
    EntityManager em;

    @Inject
    AgentReading reading;

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
     * Every field is optional; {@code name} and {@code email} match case-insensitive substrings, {@code text}
     * the name, the email or any message. {@code callerId} is the agent asking: its unread counts, what
     * {@code assignee=me} means, whose conversations {@code mineFirst} puts first (null: nobody's).
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
            boolean ascending,
            AssigneeFilter assignee,
            String text,
            Long callerId,
            boolean mineFirst) {

        public Criteria {
            assignee = assignee == null ? AssigneeFilter.ANY : assignee;
        }

        /** Without assignee filter, text search, caller or mine-first. */
        public Criteria(
                ConversationStatus status,
                Long inboxId,
                Long contactId,
                String name,
                String email,
                boolean hasDuplicates,
                Sort sort,
                boolean ascending) {
            this(status, inboxId, contactId, name, email, hasDuplicates, sort, ascending, null, null, null, false);
        }

        public static Criteria all() {
            return new Criteria(null, null, null, null, null, false, Sort.ID, false);
        }

        private Conditions conditions(Instant now) {
            Conditions conditions = new Conditions()
                    .equal("c.status", status)
                    .equal("c.inbox.id", inboxId)
                    .equal("ct.id", contactId)
                    .contains("ct.name", name)
                    .contains("ct.email", email)
                    .when(hasDuplicates, NOT_MERGED + " and " + FLAGGED);
            switch (assignee.kind()) {
                case NONE -> conditions.when(true, "c.assigneeId is null");
                case ME, AGENT -> {
                    Long agent = assignee.agentFor(callerId);
                    conditions.when(agent != null, "c.assigneeId = ?", agent);
                    conditions.when(agent == null, "c.id < 0");
                }
                case ANY -> {}
            }
            if (text != null && !text.isBlank()) {
                String pattern = Conditions.containing(text);
                conditions.when(true, TEXT, pattern);
            }
            return conditions;
        }

        private boolean sortsMineFirst() {
            return mineFirst && callerId != null;
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
            boolean verified,
            Assignee assignee,
            long unread) {

        public boolean hasDuplicates() {
            return duplicates > 0;
        }
    }

    /** A page of list lines, for the console. */
    public List<Summary> page(Criteria criteria, int offset, int limit) {
        Instant now = Database.now();
        List<Object[]> rows = inOrder(criteria, now, offset, limit, where -> {
            String select = where.numbered(SUMMARY, now, now) + FROM;
            return where.bind(em.createQuery(select + where.where() + criteria.order(), Object[].class));
        });
        return summaries(rows, criteria.callerId());
    }

    /** The same page as conversations without their messages, for the agent API. */
    public List<ConversationView> views(Criteria criteria, int offset, int limit) {
        List<Conversation> page = inOrder(
                criteria,
                Database.now(),
                offset,
                limit,
                where -> where.bind(em.createQuery(
                        "select c from Conversation c join fetch c.contact join c.contact ct" + where.where()
                                + criteria.order(),
                        Conversation.class)));
        Map<Long, Assignee> assignees =
                reading.assignees(page.stream().map(Conversation::getAssigneeId).toList());
        Map<Long, Long> unread = reading.unread(
                criteria.callerId(), page.stream().map(Conversation::getId).toList());
        return page.stream()
                .map(conversation -> ConversationView.forAgents(conversation, null)
                        .forAgent(
                                assignees.get(conversation.getAssigneeId()),
                                unread.getOrDefault(conversation.getId(), 0L)))
                .toList();
    }

    /** The number of matching conversations, exact up to {@link Total#LIMIT}. */
    public Total count(Criteria criteria) {
        return criteria.conditions(Database.now()).total(em, "c", FROM);
    }

    private long count(Conditions where) {
        return where.bind(em.createQuery("select count(c)" + FROM + where.where(), Long.class))
                .getSingleResult();
    }

    /**
     * One page of {@code query}'s rows under the criteria; a mine-first page as its two parts ({@link #MINE}),
     * the caller's live conversations counted first to know where the page starts in which part.
     */
    private <T> List<T> inOrder(
            Criteria criteria, Instant now, int offset, int limit, Function<Conditions, TypedQuery<T>> query) {
        int first = Math.max(0, offset);
        int size = Math.max(1, Math.min(limit, MAX_LIMIT));
        if (!criteria.sortsMineFirst()) {
            return paged(query.apply(criteria.conditions(now)), first, size).toList();
        }
        long mine = count(criteria.conditions(now).when(true, MINE, criteria.callerId()));
        List<T> rows = new ArrayList<>();
        if (first < mine) {
            rows.addAll(paged(query.apply(criteria.conditions(now).when(true, MINE, criteria.callerId())), first, size)
                    .toList());
        }
        if (rows.size() < size) {
            rows.addAll(paged(
                            query.apply(criteria.conditions(now).when(true, NOT_MINE, criteria.callerId())),
                            (int) Math.max(0, first - mine),
                            size - rows.size())
                    .toList());
        }
        return rows;
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
        String select = where.numbered(SUMMARY, now, now) + FROM;
        where.equal(path, value);
        return summaries(
                where.bind(em.createQuery(select + where.where() + " order by c.id", Object[].class))
                        .setMaxResults(MAX_LIMIT)
                        .getResultList(),
                null);
    }

    /** One conversation's line with its assignee and the unread count of {@code callerId} (null: none). */
    public Optional<Summary> find(long conversationId, Long callerId) {
        Instant now = Database.now();
        Conditions where = new Conditions();
        String select = where.numbered(SUMMARY, now, now) + FROM;
        where.equal("c.id", conversationId);
        return summaries(
                        where.bind(em.createQuery(select + where.where(), Object[].class))
                                .getResultList(),
                        callerId)
                .stream()
                .findFirst();
    }

    private List<Summary> summaries(List<Object[]> rows, Long callerId) {
        List<Long> agentIds = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        for (Object[] row : rows) {
            ids.add((Long) row[0]);
            agentIds.add((Long) row[11]);
        }
        Map<Long, Assignee> assignees = reading.assignees(agentIds);
        Map<Long, Long> unread = reading.unread(callerId, ids);
        return rows.stream()
                .map(row -> summary(row, assignees.get((Long) row[11]), unread.getOrDefault((Long) row[0], 0L)))
                .toList();
    }

    private static <T> Stream<T> paged(TypedQuery<T> query, int offset, int limit) {
        return query.setFirstResult(Math.max(0, offset))
                .setMaxResults(Math.max(1, Math.min(limit, MAX_LIMIT)))
                .getResultStream();
    }

    private static Summary summary(Object[] row, Assignee assignee, long unread) {
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
                ((Number) row[10]).intValue() == 1,
                assignee,
                unread);
    }
}
