package dev.parley.assignment.control;

import dev.parley.assignment.entity.AssignmentDecision;
import dev.parley.assignment.entity.ConversationAssigned;
import dev.parley.audit.control.AuditLog;
import dev.parley.audit.control.Refusals;
import dev.parley.audit.entity.AuditEntry;
import dev.parley.conversation.control.AgentReading;
import dev.parley.conversation.entity.Assignee;
import dev.parley.conversation.entity.Conversation;
import dev.parley.problem.entity.ProblemException;
import dev.parley.schema.control.Database;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Carries out a decided assignment on a locked conversation, in the caller's transaction: sets the
 * assignee, stamps the new assignee's {@code last_assigned_at} (the round robin's order), writes the audit
 * entry (who, from whom, to whom; also when nothing changed) and fires {@link ConversationAssigned}.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.MANDATORY)
public class AssignmentLog {

    @PersistenceContext
    EntityManager em;

    @Inject
    AuditLog audit;

    @Inject
    AgentReading reading;

    @Inject
    Event<ConversationAssigned> assigned;

    /** Applies the decision; answers the assignee after it (null: nobody). */
    public Assignee apply(
            Conversation locked, AssignmentDecision decision, String action, String actor, String requestId) {
        List<Long> ids = new ArrayList<>();
        if (decision.from() != null) {
            ids.add(decision.from());
        }
        if (decision.to() != null) {
            ids.add(decision.to());
        }
        Map<Long, Assignee> agents = reading.assignees(ids);
        Assignee to = decision.to() == null ? null : agents.get(decision.to());
        if (decision.changes()) {
            Instant now = Database.now();
            locked.assignTo(decision.to());
            if (decision.to() != null) {
                em.createQuery("update Agent a set a.lastAssignedAt = :now where a.id = :id")
                        .setParameter("now", now)
                        .setParameter("id", decision.to())
                        .executeUpdate();
            }
            em.flush();
            assigned.fire(new ConversationAssigned(
                    locked.getContact().getId(), locked.getId(), decision.from(), decision.to(), to, actor));
        }
        audit.record(new AuditEntry(
                action,
                !decision.changes() ? "unchanged" : decision.to() == null ? "unassigned" : "assigned",
                actor,
                requestId,
                locked.getContact().getId(),
                locked.getId(),
                "from " + name(agents.get(decision.from())) + " to " + name(to)));
        return to;
    }

    /** The audit entry of a refused assignment. */
    public static AuditEntry refused(
            String action,
            String outcome,
            String actor,
            String requestId,
            long conversationId,
            ProblemException problem) {
        return new AuditEntry(action, outcome, actor, requestId, null, conversationId, Refusals.describe(problem));
    }

    private static String name(Assignee agent) {
        return agent == null ? "nobody" : agent.username();
    }
}
