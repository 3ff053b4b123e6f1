package dev.parley.conversation.control;

/**
 * When one conversation duplicates another: both are unmerged and of the same inbox, they belong to
 * the same person (the same contact, or a contact that gave the same email), and either they were open
 * at overlapping times (a live conversation is open until now, another until its last change) or they
 * were opened with the same first visitor message. The agents' list filters by this rule ("has
 * duplicates"), the console's badge counts by it, and the merge suggestions are its matches: one rule,
 * written once, as JPQL over the aliases {@code c} and {@code o}.
 *
 * <p>"The same person" is written as {@code o}'s contact being one of the contacts that are {@code c}'s
 * or share its email, not as {@code o.contact = c.contact or o.contact.email = c.contact.email}: the two
 * mean the same, but over the OR PostgreSQL could only join every conversation of the inbox with every
 * other (45 s for the "has duplicates" list of 20,000 conversations, docs/BENCHMARKS.md), while the
 * subquery finds the few contacts by primary key and email index and their conversations by
 * {@code conversation_contact_idx} (QueryPlansIT checks that it does). Where the rule is counted for many
 * conversations, it is the badge's count above zero, not an EXISTS: PostgreSQL turned that EXISTS into a
 * hash join of every conversation with every other of the inbox and checked the rule on each pair.
 *
 * <p>The "has duplicates" filter reads this rule's stored answer, {@code conversation.has_duplicates}, which
 * {@code merge/control/DuplicateFlags} computes with this same count in every transaction that changes one of
 * the rule's inputs (docs/GUARANTEES.md, "Has duplicates, stored"): checking the rule for each of a million
 * conversations took 25 s. A change to this rule changes what the stored answers mean: the daily
 * reconciliation ({@code DuplicateFlags.reconcile}) then brings every stored answer to the new rule.
 */
public final class DuplicateRule {

    /**
     * Conversation {@code o} is a duplicate of {@code c}: the rule as JPQL, with {@code ?} for
     * "now" (twice). Conversations that are live count as open until now, the others until their last change.
     */
    public static final String JPQL = "o.id <> c.id and o.inbox = c.inbox"
            + " and o.status <> dev.parley.conversation.entity.ConversationStatus.MERGED"
            + " and o.contact.id in (select e.id from Contact e where e.id = c.contact.id or e.email = c.contact.email)"
            + " and ((o.createdAt <= case when c.activeContactId is null then c.updatedAt else ? end"
            + " and c.createdAt <= case when o.activeContactId is null then o.updatedAt else ? end)"
            + " or " + firstVisitorMessage("c") + " = " + firstVisitorMessage("o") + ")";

    private DuplicateRule() {}

    private static String firstVisitorMessage(String conversation) {
        return "(select f.content from Message f where f.id = (select min(x.id) from Message x where x.conversationId = "
                + conversation + ".id and x.sender = dev.parley.conversation.entity.Sender.CONTACT))";
    }
}
