package dev.parley.merge.control;

import dev.parley.conversation.control.DuplicateRule;
import dev.parley.conversation.entity.Conversation;
import dev.parley.schema.control.Database;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Keeps {@code conversation.has_duplicates} equal to {@link DuplicateRule}: the "has duplicates" filter reads
 * the flag (an index finds the few flagged conversations) instead of checking the rule for every conversation.
 * The rule stays written once, in {@link DuplicateRule}; this class only stores its answer.
 *
 * <p>A conversation's answer depends on "its person's group": the unmerged conversations of its contact and of
 * the contacts with the same email. So a change to any input of the rule (a conversation created, its status,
 * its last change while it is not live, its first visitor message, its contact, a contact's email) is followed,
 * in the same transaction ({@link DuplicateFlagRefresh}), by {@link #refresh}: the rule counted for every
 * conversation of the group (of the old email too when an email changed) and the flags that differ written.
 * Given a group's rows, the rule does not depend on the time it is checked at: a live conversation counts as
 * open until now, and every other conversation was created before now.
 *
 * <p>Two transactions of one group that run at the same time (two contacts with one email, a message on a
 * resolved conversation while the visitor starts a new one) each miss the other's uncommitted rows. That is
 * closed after commit: {@link #recheck} runs the refresh again in a transaction of its own, after locking the
 * group's conversation rows in id order, so the rechecks of one group queue and the last one reads every
 * committed row. A recheck that fails (a deadlock with a writer, a node stopping) leaves the drift to
 * {@link #reconcile}, which the daily retention job runs over every conversation in small batches and whose
 * count it logs and audits: drift is bounded by a day and never silent. docs/GUARANTEES.md, "Has duplicates,
 * stored".
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.MANDATORY)
public class DuplicateFlags {

    /** Conversations per reconciliation transaction: a few milliseconds of rule checks, and few row locks. */
    public static final int BATCH = 1000;

    private static final String MERGED = "dev.parley.conversation.entity.ConversationStatus.MERGED";

    /** The badge's count, as the list computes it: the rule for {@code c}, zero for a merged conversation. */
    private static final String COUNT = "case when c.status <> " + MERGED + " then (select count(o) from Conversation o"
            + " where " + DuplicateRule.JPQL + ") else 0 end";

    /**
     * The contact joined as the list joins it, so that the rule's {@code c.contact.email} reads that join (not a
     * second contact per candidate in the subquery).
     */
    private static final String FROM = " from Conversation c join c.contact ct";

    @PersistenceContext
    EntityManager em;

    /**
     * Stores the rule's answer for every conversation of the contacts' groups (their own and those of the
     * emails, old and new); returns how many flags changed. Runs in the caller's transaction, after its change.
     */
    public int refresh(Collection<Long> contactIds, Collection<String> emails) {
        if (contactIds.isEmpty() && emails.isEmpty()) {
            return 0;
        }
        List<Long> contacts = contacts(contactIds);
        List<String> mails = mails(emails);
        Instant now = Database.now();
        List<Object[]> rows = group(
                        em.createQuery(
                                "select c.id, c.hasDuplicates, " + count("a") + FROM + " where "
                                        + group(contacts, mails) + " order by c.id",
                                Object[].class),
                        contacts,
                        mails)
                .setParameter("a1", now)
                .setParameter("a2", now)
                .getResultList();
        List<Long> raise = new ArrayList<>();
        List<Long> lower = new ArrayList<>();
        for (Object[] row : rows) {
            boolean stored = (Boolean) row[1];
            boolean rule = ((Number) row[2]).longValue() > 0;
            if (rule && !stored) {
                raise.add((Long) row[0]);
            } else if (!rule && stored) {
                lower.add((Long) row[0]);
            }
        }
        return store(raise, true) + store(lower, false);
    }

    /**
     * {@link #refresh} in a transaction of its own, after the change committed, with the group's conversation
     * rows locked in id order first: the rechecks of one group take turns, and the last one reads every row
     * committed before it. Closes the gap two concurrent writers of one group leave each other.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public int recheck(Set<Long> contactIds, Set<String> emails) {
        List<Long> contacts = contacts(contactIds);
        List<String> mails = mails(emails);
        group(
                        em.createQuery(
                                "select c from Conversation c where " + group(contacts, mails) + " order by c.id",
                                Conversation.class),
                        contacts,
                        mails)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultList();
        return refresh(contactIds, emails);
    }

    /**
     * The conversations whose stored flag is not the rule's answer, among ids {@code from} (exclusive) to
     * {@code to} (inclusive), in id order: empty when everything agrees.
     */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<Long> drift(long from, long to) {
        Instant now = Database.now();
        return em.createQuery(
                        "select c.id" + FROM + " where c.id > :from and c.id <= :to"
                                + " and ((c.hasDuplicates = true and " + count("a") + " = 0)"
                                + " or (c.hasDuplicates = false and " + count("b") + " > 0)) order by c.id",
                        Long.class)
                .setParameter("a1", now)
                .setParameter("a2", now)
                .setParameter("b1", now)
                .setParameter("b2", now)
                .setParameter("from", from)
                .setParameter("to", to)
                .getResultList();
    }

    /** Every conversation whose stored flag is not the rule's answer (a check for tests and operators). */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<Long> drift() {
        return drift(0, Long.MAX_VALUE);
    }

    /**
     * One batch of the reconciliation: of the conversations with ids {@code from} (exclusive) to
     * {@code from + BATCH}, those whose flag disagrees with the rule are locked and refreshed with their groups.
     * Returns how many flags it changed. Reads a thousand conversations and locks only the drifted ones.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public int reconcile(long from) {
        List<Long> drifted = drift(from, from + BATCH);
        if (drifted.isEmpty()) {
            return 0;
        }
        em.createQuery("select c from Conversation c where c.id in :ids order by c.id", Conversation.class)
                .setParameter("ids", drifted)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultList();
        return refreshConversations(drifted);
    }

    /** {@link #refresh} for the groups of these conversations' contacts (a change that names conversations). */
    public int refreshConversations(Collection<Long> conversationIds) {
        if (conversationIds.isEmpty()) {
            return 0;
        }
        Set<Long> contacts = new TreeSet<>();
        Set<String> emails = new TreeSet<>();
        for (Object[] row : em.createQuery(
                        "select c.contact.id, c.contact.email from Conversation c where c.id in :ids", Object[].class)
                .setParameter("ids", conversationIds)
                .getResultList()) {
            contacts.add((Long) row[0]);
            if (row[1] != null) {
                emails.add((String) row[1]);
            }
        }
        return refresh(contacts, emails);
    }

    /** The highest conversation id, where the reconciliation stops. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public long lastId() {
        Long last = em.createQuery("select max(c.id) from Conversation c", Long.class)
                .getSingleResult();
        return last == null ? 0 : last;
    }

    private int store(List<Long> ids, boolean flag) {
        if (ids.isEmpty()) {
            return 0;
        }
        return em.createNativeQuery("update conversation set has_duplicates = :flag where id in (:ids)")
                .setParameter("flag", flag)
                .setParameter("ids", ids)
                .executeUpdate();
    }

    /** The contacts in order, each once before the padding ({@code -1}, which names none, for none). */
    private static List<Long> contacts(Collection<Long> contactIds) {
        return padded(contactIds.isEmpty() ? List.of(-1L) : List.copyOf(new TreeSet<>(contactIds)));
    }

    private static List<String> mails(Collection<String> emails) {
        return padded(
                emails.stream().filter(Objects::nonNull).distinct().sorted().toList());
    }

    /**
     * The values with the last repeated up to a power of two (repeating a value in an {@code in} list changes
     * nothing): a recheck's batch of any size then asks one of a few query texts, and Hibernate's plan cache
     * keeps those instead of one text per size.
     */
    private static <T> List<T> padded(List<T> values) {
        int size = values.size() <= 1 ? values.size() : Integer.highestOneBit(values.size() - 1) << 1;
        List<T> padded = new ArrayList<>(values);
        while (padded.size() < size) {
            padded.add(values.get(values.size() - 1));
        }
        return padded;
    }

    /**
     * The conversations of the contacts and of the contacts with one of the emails. Each id and email is a
     * parameter of its own ({@code :contacts0}, {@code :emails0} …), not one list parameter: Hibernate caches no
     * plan for a query while a list parameter is bound, while this text, the same for the same numbers of contacts
     * and emails (one and one on a start; {@link #padded} to a power of two), keeps its plan (its SQL is still
     * built again on some calls, for a reason not found: docs/BENCHMARKS.md, 2026-12-01).
     */
    private static String group(List<Long> contacts, List<String> emails) {
        return "c.contact.id in (select e.id from Contact e where e.id in (" + names("contacts", contacts.size()) + ")"
                + (emails.isEmpty() ? "" : " or e.email in (" + names("emails", emails.size()) + ")") + ")";
    }

    private static String names(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> ":" + prefix + i).collect(Collectors.joining(", "));
    }

    private static <T> TypedQuery<T> group(TypedQuery<T> query, List<Long> contacts, List<String> emails) {
        for (int i = 0; i < contacts.size(); i++) {
            query.setParameter("contacts" + i, contacts.get(i));
        }
        for (int i = 0; i < emails.size(); i++) {
            query.setParameter("emails" + i, emails.get(i));
        }
        return query;
    }

    /** The badge's count as the list computes it ({@link #COUNT}), the rule's two {@code ?} (now) named p1, p2. */
    private static String count(String prefix) {
        StringBuilder out = new StringBuilder();
        int n = 0;
        for (char ch : COUNT.toCharArray()) {
            if (ch == '?') {
                out.append(':').append(prefix).append(++n);
            } else {
                out.append(ch);
            }
        }
        return out.toString();
    }
}
