package dev.parley.conversation.control;

import dev.parley.conversation.entity.Conversation;
import dev.parley.problem.entity.ProblemException;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.util.Collection;
import java.util.LinkedHashMap;
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

    /** Locks every id in ascending order; the map iterates in that order. */
    public static Map<Long, Conversation> lockAscending(EntityManager em, Collection<Long> conversationIds) {
        Map<Long, Conversation> locked = new LinkedHashMap<>();
        for (long id : new TreeSet<>(conversationIds)) {
            locked.put(id, lock(em, id));
        }
        return locked;
    }
}
