package dev.parley.assignment.control;

import dev.parley.agent.control.PresenceSettings;
import dev.parley.agent.entity.Agent;
import dev.parley.assignment.entity.ConversationAssigned;
import dev.parley.audit.control.AuditLog;
import dev.parley.audit.entity.AuditEntry;
import dev.parley.conversation.entity.Assignee;
import dev.parley.inbox.entity.Inbox;
import dev.parley.schema.control.Database;
import jakarta.annotation.Resource;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;

/**
 * One turn of the round robin, in a transaction of its own. The next agent is the enabled one showing ONLINE
 * (reported ONLINE and active within {@code parley.presence.away-after}) whose last assignment is oldest (never
 * assigned first). The conversation is assigned by a conditional update (only while nobody has it and it is
 * live), so an agent's take and the round robin never both win; then the agent is claimed by a conditional
 * update of its {@code last_assigned_at} from the value read, which fails when another node's turn claimed
 * the same agent meanwhile. Rows are written in the order every assignment uses: conversation, then agent.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class RoundRobinTurn {

    @PersistenceContext
    EntityManager em;

    @Inject
    Database database;

    @Inject
    PresenceSettings presence;

    @Inject
    AuditLog audit;

    @Inject
    Event<ConversationAssigned> assigned;

    @Resource
    SessionContext context;

    /** True when the turn is over (assigned, or nothing to do); false to try again with a fresh pick. */
    public boolean tryAssign(long contactId, long conversationId, long inboxId, boolean lastAttempt) {
        Inbox inbox = em.find(Inbox.class, inboxId);
        if (inbox == null || !inbox.isAutoAssign()) {
            return true;
        }
        database.boundWaits(em);
        Instant now = Database.now();
        List<Agent> next = em.createQuery(
                        "select a, case when a.lastAssignedAt is null then 0 else 1 end as assignedBefore"
                                + " from Agent a where a.disabled = false"
                                + " and a.presence = dev.parley.agent.entity.Presence.ONLINE"
                                + " and a.lastActiveAt >= :since order by assignedBefore, a.lastAssignedAt, a.id",
                        Object[].class)
                .setParameter("since", presence.policy().activeSince(now))
                .setMaxResults(1)
                .getResultStream()
                .map(row -> (Agent) row[0])
                .toList();
        if (next.isEmpty()) {
            return true;
        }
        Agent agent = next.get(0);
        int conversations = em.createQuery("update Conversation c set c.assigneeId = :agent where c.id = :id"
                        + " and c.assigneeId is null and c.activeContactId is not null")
                .setParameter("agent", agent.getId())
                .setParameter("id", conversationId)
                .executeUpdate();
        if (conversations == 0) {
            return true;
        }
        if (claim(agent, now, lastAttempt) == 0) {
            context.setRollbackOnly();
            return false;
        }
        Assignee assignee = new Assignee(agent.getId(), agent.getUsername(), agent.getDisplayName());
        audit.record(new AuditEntry(
                "conversation.assign",
                "assigned",
                "system",
                null,
                contactId,
                conversationId,
                "from nobody to " + agent.getUsername() + " (round robin)"));
        assigned.fire(new ConversationAssigned(contactId, conversationId, null, agent.getId(), assignee, "system"));
        return true;
    }

    private int claim(Agent agent, Instant now, boolean regardless) {
        Instant seen = agent.getLastAssignedAt();
        String condition =
                regardless ? "" : seen == null ? " and a.lastAssignedAt is null" : " and a.lastAssignedAt = :seen";
        var update = em.createQuery("update Agent a set a.lastAssignedAt = :now where a.id = :id" + condition)
                .setParameter("now", now)
                .setParameter("id", agent.getId());
        if (!regardless && seen != null) {
            update.setParameter("seen", seen);
        }
        return update.executeUpdate();
    }
}
