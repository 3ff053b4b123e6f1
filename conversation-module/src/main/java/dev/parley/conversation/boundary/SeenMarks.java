package dev.parley.conversation.boundary;

import dev.parley.agent.entity.Agent;
import dev.parley.conversation.control.AgentReading;
import dev.parley.conversation.entity.Conversation;
import dev.parley.conversation.entity.SeenView;
import dev.parley.problem.entity.ProblemException;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;

/**
 * What each agent has seen, for the console and the agent API alike: "seen" moves the agent's mark to the
 * conversation's newest message (never backwards, safe when two tabs call it together), and the unread
 * counts of one conversation and in total (the tab title's number) are read from it. Marking a
 * conversation seen changes nothing anybody else sees, so it is not audited (it happens on every glance).
 */
@Stateless
public class SeenMarks {

    @PersistenceContext
    EntityManager em;

    @Inject
    AgentReading reading;

    /** Marks everything in the conversation seen by the caller (a login name). */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public SeenView markSeen(long conversationId, String username) {
        long agentId = agentId(username);
        if (em.find(Conversation.class, conversationId) == null) {
            throw ProblemException.notFound("No such conversation.");
        }
        long newest = reading.newestMessage(conversationId);
        if (newest > 0) {
            reading.seen(agentId, conversationId, newest);
        }
        return new SeenView(
                conversationId,
                newest,
                reading.unread(agentId, List.of(conversationId)).getOrDefault(conversationId, 0L),
                reading.totalUnread(agentId));
    }

    /** The caller's unread visitor messages in one conversation. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public long unread(long conversationId, String username) {
        return reading.unread(agentId(username), List.of(conversationId)).getOrDefault(conversationId, 0L);
    }

    /** The caller's unread visitor messages in the live conversations assigned to it or to nobody. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public long totalUnread(String username) {
        return reading.totalUnread(agentId(username));
    }

    private long agentId(String username) {
        return em.createNamedQuery(Agent.FIND_BY_USERNAME, Agent.class)
                .setParameter("username", username)
                .getResultStream()
                .filter(agent -> !agent.isDisabled())
                .findFirst()
                .orElseThrow(() -> ProblemException.unauthorized("This agent is disabled or unknown."))
                .getId();
    }
}
