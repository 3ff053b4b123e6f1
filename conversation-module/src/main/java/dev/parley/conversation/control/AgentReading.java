package dev.parley.conversation.control;

import dev.parley.conversation.entity.Assignee;
import dev.parley.schema.control.Database;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one agent sees about conversations beyond their rows: who they are assigned to and how many of the
 * visitor's messages the agent has not seen. A page of a list costs two queries, whatever its size (one for
 * the assignees, one for the unread counts, both by primary key or index). Unread means: messages of the
 * visitor (sender CONTACT) with an id above the agent's {@link dev.parley.conversation.entity.SeenMark};
 * all of them when the agent never saw the conversation.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.SUPPORTS)
public class AgentReading {

    /** JPQL: message {@code m} is unread for the agent {@code :agent}. */
    static final String UNREAD = "m.sender = dev.parley.conversation.entity.Sender.CONTACT"
            + " and not exists (select s.agentId from SeenMark s where s.agentId = :agent"
            + " and s.conversationId = m.conversationId and s.lastSeenMessageId >= m.id)";

    @PersistenceContext
    EntityManager em;

    @Inject
    Database database;

    /** The agents with these ids, as assignees; unknown ids are left out. */
    public Map<Long, Assignee> assignees(Collection<Long> agentIds) {
        List<Long> ids = agentIds.stream().filter(Objects::nonNull).distinct().toList();
        Map<Long, Assignee> assignees = new HashMap<>();
        if (ids.isEmpty()) {
            return assignees;
        }
        em.createQuery("select a.id, a.username, a.displayName from Agent a where a.id in :ids", Object[].class)
                .setParameter("ids", ids)
                .getResultStream()
                .forEach(row ->
                        assignees.put((Long) row[0], new Assignee((Long) row[0], (String) row[1], (String) row[2])));
        return assignees;
    }

    /** Unread counts of these conversations for the agent; a conversation without unread messages is absent. */
    public Map<Long, Long> unread(Long agentId, Collection<Long> conversationIds) {
        Map<Long, Long> counts = new HashMap<>();
        if (agentId == null || conversationIds.isEmpty()) {
            return counts;
        }
        em.createQuery(
                        "select m.conversationId, count(m) from Message m where m.conversationId in :ids and " + UNREAD
                                + " group by m.conversationId",
                        Object[].class)
                .setParameter("ids", List.copyOf(conversationIds))
                .setParameter("agent", agentId)
                .getResultStream()
                .forEach(row -> counts.put((Long) row[0], ((Number) row[1]).longValue()));
        return counts;
    }

    /**
     * The agent's unread messages over the conversations that wait for it: live ones (open or pending)
     * assigned to it or to nobody. What a tab title counts.
     */
    public long totalUnread(long agentId) {
        return em.createQuery(
                        "select count(m) from Message m, Conversation c where c.id = m.conversationId"
                                + " and c.activeContactId is not null and (c.assigneeId = :agent or c.assigneeId is null)"
                                + " and " + UNREAD,
                        Long.class)
                .setParameter("agent", agentId)
                .getSingleResult();
    }

    /**
     * Raises the agent's seen mark of the conversation to {@code messageId}, never lowers it: one upsert
     * with greatest(), so concurrent calls (two tabs) end at the highest id whatever their order.
     */
    @TransactionAttribute(TransactionAttributeType.MANDATORY)
    public void seen(long agentId, long conversationId, long messageId) {
        String sql = database.isPostgres()
                ? "insert into conversation_seen (agent_id, conversation_id, last_seen_message_id) values (?1, ?2, ?3)"
                        + " on conflict (agent_id, conversation_id) do update set last_seen_message_id ="
                        + " greatest(conversation_seen.last_seen_message_id, excluded.last_seen_message_id)"
                : "merge into conversation_seen s using (values (cast(?1 as bigint), cast(?2 as bigint),"
                        + " cast(?3 as bigint))) v(agent_id, conversation_id, message_id)"
                        + " on s.agent_id = v.agent_id and s.conversation_id = v.conversation_id"
                        + " when matched then update set last_seen_message_id ="
                        + " greatest(s.last_seen_message_id, v.message_id)"
                        + " when not matched then insert (agent_id, conversation_id, last_seen_message_id)"
                        + " values (v.agent_id, v.conversation_id, v.message_id)";
        em.createNativeQuery(sql)
                .setParameter(1, agentId)
                .setParameter(2, conversationId)
                .setParameter(3, messageId)
                .executeUpdate();
    }

    /** The newest message of the conversation, 0 when it has none (a merged-away conversation may not). */
    public long newestMessage(long conversationId) {
        Long newest = em.createQuery("select max(m.id) from Message m where m.conversationId = :id", Long.class)
                .setParameter("id", conversationId)
                .getSingleResult();
        return newest == null ? 0 : newest;
    }
}
