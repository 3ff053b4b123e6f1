package dev.parley.merge.control;

import dev.parley.conversation.control.DuplicateRule;
import dev.parley.conversation.entity.Conversation;
import dev.parley.conversation.entity.Message;
import dev.parley.schema.control.Conditions;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds conversations that are probably the same chat twice, by {@link DuplicateRule} (the rule the
 * agents' "has duplicates" filter uses too), and says why each matched. Suggestions only; nothing is
 * changed here.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.SUPPORTS)
public class Duplicates {

    static final int LIMIT = 50;

    @PersistenceContext
    EntityManager em;

    /** A candidate and the reasons it looks like a duplicate of the conversation. */
    public record Candidate(Conversation conversation, List<String> reasons) {}

    public List<Candidate> of(Conversation conversation, Instant now) {
        Conditions where =
                new Conditions().equal("c.id", conversation.getId()).when(true, DuplicateRule.JPQL, now, now);
        List<Conversation> duplicates = where.bind(em.createQuery(
                        "select o from Conversation c, Conversation o" + where.where() + " order by o.id desc",
                        Conversation.class))
                .setMaxResults(LIMIT)
                .getResultList();
        Optional<String> firstMessage = firstMessage(conversation);
        List<Candidate> candidates = new ArrayList<>();
        for (Conversation other : duplicates) {
            List<String> reasons = new ArrayList<>();
            reasons.add(
                    other.getContact().getId().equals(conversation.getContact().getId())
                            ? "same-contact"
                            : "same-email");
            if (overlaps(conversation, other, now)) {
                reasons.add("overlapping");
            }
            if (firstMessage.isPresent() && firstMessage.equals(firstMessage(other))) {
                reasons.add("same-first-message");
            }
            candidates.add(new Candidate(other, reasons));
        }
        return candidates;
    }

    /** Open from creation until now when live, until its last change otherwise. */
    static boolean overlaps(Conversation one, Conversation other, Instant now) {
        Instant oneEnd = one.getStatus().isLive() ? now : one.getUpdatedAt();
        Instant otherEnd = other.getStatus().isLive() ? now : other.getUpdatedAt();
        return !one.getCreatedAt().isAfter(otherEnd) && !other.getCreatedAt().isAfter(oneEnd);
    }

    private Optional<String> firstMessage(Conversation conversation) {
        return em.createNamedQuery(Message.FIND_FIRST, Message.class)
                .setParameter("conversationId", conversation.getId())
                .setMaxResults(1)
                .getResultStream()
                .findFirst()
                .map(Message::getContent)
                .filter(Objects::nonNull);
    }
}
