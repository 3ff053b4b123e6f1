package dev.parley.assignment.boundary;

import dev.parley.agent.entity.Agent;
import dev.parley.agent.entity.Role;
import dev.parley.assignment.control.AssignmentLog;
import dev.parley.assignment.entity.AssignmentDecision;
import dev.parley.assignment.entity.AssignmentDecision.Holder;
import dev.parley.audit.control.Refusals;
import dev.parley.conversation.control.AgentReading;
import dev.parley.conversation.control.ConversationLocks;
import dev.parley.conversation.entity.Assignee;
import dev.parley.conversation.entity.Conversation;
import dev.parley.conversation.entity.ConversationStatus;
import dev.parley.conversation.entity.ConversationView;
import dev.parley.problem.entity.ProblemException;
import dev.parley.problem.entity.StorageBusy;
import dev.parley.schema.control.Database;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.function.Function;

/**
 * Assigning conversations, for the console and the agent API alike: <em>take</em> (assign to me) and
 * <em>assign</em> (to any enabled agent, or to nobody). The rule is {@link AssignmentDecision}; this class
 * locks the conversation row ({@link ConversationLocks}, the same lock every conversation write takes),
 * decides on the state read under that lock, writes, audits (who, from whom, to whom) and fires
 * {@code ConversationAssigned}. Two agents taking one conversation together queue on the lock: the first
 * gets it, the second sees it taken and gets a 409 naming the first. The assignee's {@code last_assigned_at}
 * is updated after the conversation row is locked, the one lock order of assignments (the round robin too).
 */
@Stateless
public class Assignments {

    private static final String BUSY = "The conversation is busy; nothing was assigned. Try again.";

    @PersistenceContext
    EntityManager em;

    @Inject
    Database database;

    @Inject
    Refusals refusals;

    @Inject
    AssignmentLog log;

    @Inject
    AgentReading reading;

    /** Assigns the conversation to the caller (a login name): 200 when nobody or the caller had it, else 409. */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public ConversationView take(long conversationId, String username, String requestId) {
        return change(
                conversationId,
                username,
                requestId,
                "conversation.take",
                (conversation, caller) -> AssignmentDecision.take(
                        conversation.getStatus() == ConversationStatus.MERGED, holder(conversation), caller.getId()));
    }

    /** Assigns the conversation to the agent {@code agentId}, or to nobody when it is null. */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public ConversationView assign(long conversationId, Long agentId, String username, String requestId) {
        return change(conversationId, username, requestId, "conversation.assign", (conversation, caller) -> {
            Agent target = agentId == null ? null : em.find(Agent.class, agentId);
            return AssignmentDecision.assign(
                    conversation.getStatus() == ConversationStatus.MERGED,
                    holder(conversation),
                    agentId,
                    target != null && !target.isDisabled(),
                    caller.getId(),
                    caller.getRole() == Role.ADMIN);
        });
    }

    private interface Rule {
        AssignmentDecision decide(Conversation locked, Agent caller);
    }

    private ConversationView change(long conversationId, String username, String requestId, String action, Rule rule) {
        String actor = "agent:" + username;
        Function<ProblemException, dev.parley.audit.entity.AuditEntry> refused = problem -> AssignmentLog.refused(
                action, problem instanceof StorageBusy ? "busy" : "refused", actor, requestId, conversationId, problem);
        return refusals.audited(
                () -> {
                    Agent caller = caller(username);
                    database.boundWaits(em);
                    Conversation conversation = lock(conversationId);
                    AssignmentDecision decision = rule.decide(conversation, caller);
                    Assignee assignee = log.apply(conversation, decision, action, actor, requestId);
                    long unread = reading.unread(caller.getId(), List.of(conversationId))
                            .getOrDefault(conversationId, 0L);
                    return ConversationView.forAgents(conversation, null).forAgent(assignee, unread);
                },
                BUSY,
                refused);
    }

    private Holder holder(Conversation conversation) {
        Long id = conversation.getAssigneeId();
        if (id == null) {
            return null;
        }
        Agent agent = em.find(Agent.class, id);
        return new Holder(
                id, agent == null ? "agent " + id : agent.getDisplayName() + " (" + agent.getUsername() + ")");
    }

    private Agent caller(String username) {
        return em.createNamedQuery(Agent.FIND_BY_USERNAME, Agent.class)
                .setParameter("username", username)
                .getResultStream()
                .filter(agent -> !agent.isDisabled())
                .findFirst()
                .orElseThrow(() -> ProblemException.unauthorized("This agent is disabled or unknown."));
    }

    private Conversation lock(long conversationId) {
        try {
            return ConversationLocks.lock(em, conversationId);
        } catch (ProblemException notFound) {
            throw ProblemException.notFound("No such conversation.");
        }
    }
}
