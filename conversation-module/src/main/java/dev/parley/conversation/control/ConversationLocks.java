package dev.parley.conversation.control;

import dev.parley.conversation.entity.Conversation;
import dev.parley.conversation.entity.ConversationStatus;
import dev.parley.problem.entity.ProblemException;
import dev.parley.schema.control.MergeChain;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Takes {@code PESSIMISTIC_WRITE} on conversation rows and re-reads them under the lock: a row
 * already in the persistence context would otherwise keep the state read before the wait, and a
 * merge committed meanwhile would go unseen (and be overwritten). Several rows are always locked in
 * ascending id order, so two transactions over overlapping sets queue instead of deadlocking.
 */
public final class ConversationLocks {

    private ConversationLocks() {}

    public static Conversation lock(EntityManager em, long conversationId) {
        Conversation conversation = em.find(Conversation.class, conversationId);
        if (conversation == null) {
            throw ProblemException.notFound("No such conversation: " + conversationId + ".");
        }
        em.refresh(conversation, LockModeType.PESSIMISTIC_WRITE);
        return conversation;
    }

    /**
     * Locks a conversation and every conversation its merge chain leads through, in ascending id order, and
     * returns where the chain ends: the live conversation the first one lives on in. The chain is read without
     * locks first and walked again under them; only a merge committed between the two reads makes a further
     * lock, which is then taken out of order (a deadlock the database breaks, never a wrong write). Locking the
     * merged row first and its target second would deadlock with everything else, which locks in id order.
     */
    public static Conversation lockChainEnd(EntityManager em, long conversationId) {
        Conversation first = em.find(Conversation.class, conversationId);
        if (first == null) {
            throw ProblemException.notFound("No such conversation: " + conversationId + ".");
        }
        List<Long> chain = new ArrayList<>(List.of(conversationId));
        MergeChain.after(first, conversation -> next(em, conversation))
                .forEach(conversation -> chain.add(conversation.getId()));
        Map<Long, Conversation> locked = lockAscending(em, chain);
        return MergeChain.end(
                locked.get(conversationId),
                conversation -> conversation.getStatus() == ConversationStatus.MERGED
                        ? locked.computeIfAbsent(conversation.getMergedIntoId(), id -> lock(em, id))
                        : null);
    }

    private static Conversation next(EntityManager em, Conversation conversation) {
        return conversation.getStatus() == ConversationStatus.MERGED
                ? em.find(Conversation.class, conversation.getMergedIntoId())
                : null;
    }

    /** Locks every id in ascending order; the map iterates in that order. */
    public static Map<Long, Conversation> lockAscending(EntityManager em, Collection<Long> conversationIds) {
        Map<Long, Conversation> locked = new LinkedHashMap<>();
        for (long id : new TreeSet<>(conversationIds)) {
            locked.put(id, lock(em, id));
        }
        return locked;
    }
}
