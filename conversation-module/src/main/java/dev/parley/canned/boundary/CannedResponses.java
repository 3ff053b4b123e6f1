package dev.parley.canned.boundary;

import dev.parley.agent.boundary.Agents;
import dev.parley.agent.entity.AgentView;
import dev.parley.agent.entity.Role;
import dev.parley.audit.control.AuditLog;
import dev.parley.audit.entity.AuditEntry;
import dev.parley.canned.entity.CannedResponse;
import dev.parley.canned.entity.CannedResponseView;
import dev.parley.canned.entity.CannedText;
import dev.parley.canned.entity.Placeholders;
import dev.parley.conversation.entity.Conversation;
import dev.parley.inbox.entity.Inbox;
import dev.parley.problem.entity.ProblemException;
import dev.parley.schema.control.Conditions;
import dev.parley.schema.control.Database;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

/**
 * An inbox's canned responses: every agent lists, searches and renders them; only an admin creates,
 * changes and deletes them, checked here against the caller's account (so the console, the API and the
 * workspace's reply box cannot differ), and each change is audited in its own transaction. A short code
 * is unique per inbox: the check before the insert gives the usual answer, the database constraint the
 * same 409 when two admins save one code at the same moment.
 *
 * <p>For the reply box: {@link #forConversation} lists the responses of a conversation's inbox matching
 * what the agent typed after {@code /}, and {@link #render} gives the text to put in the box.
 */
@Stateless
public class CannedResponses {

    /** More than any inbox needs; a list never grows without bound. */
    public static final int LIST_LIMIT = 500;

    public static final int QUERY_LIMIT = 100;

    @PersistenceContext
    EntityManager em;

    @Inject
    Agents agents;

    @Inject
    AuditLog audit;

    /**
     * The inbox's canned responses by short code; a non-blank {@code query} keeps those whose code starts
     * with it or whose title or text contains it (case-insensitive).
     */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<CannedResponseView> list(long inboxId, String query) {
        if (em.find(Inbox.class, inboxId) == null) {
            throw ProblemException.notFound("No such inbox.");
        }
        Conditions where = new Conditions().equal("c.inboxId", inboxId);
        String q = checkedQuery(query);
        if (q != null) {
            String text = Conditions.escaped(q.toLowerCase(Locale.ROOT));
            where.when(
                    true,
                    "(c.shortCode like ? escape '!' or lower(c.title) like ? escape '!'"
                            + " or lower(c.content) like ? escape '!')",
                    text + "%",
                    "%" + text + "%",
                    "%" + text + "%");
        }
        return where.bind(em.createQuery(
                        "select c from CannedResponse c" + where.where() + " order by c.shortCode",
                        CannedResponse.class))
                .setMaxResults(LIST_LIMIT)
                .getResultStream()
                .map(CannedResponse::view)
                .toList();
    }

    /** The canned responses of the conversation's inbox, as {@link #list}: what the reply box's picker offers. */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public List<CannedResponseView> forConversation(long conversationId, String query) {
        return list(conversation(conversationId).getInbox().getId(), query);
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public CannedResponseView find(long id) {
        return existing(id).view();
    }

    /**
     * The response's text for one conversation, its placeholders filled with the conversation's visitor
     * and the calling agent's display name. A response of another inbox is a 404, as for a missing one.
     * A read-only transaction keeps the conversation's contact loadable.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public String render(long id, long conversationId, String agent) {
        AgentView caller = agents.me(agent);
        CannedResponse response = existing(id);
        Conversation conversation = conversation(conversationId);
        if (!conversation.getInbox().getId().equals(response.getInboxId())) {
            throw ProblemException.notFound(
                    "Canned response " + id + " belongs to another inbox than conversation " + conversationId + ".");
        }
        return Placeholders.fill(
                response.getContent(), conversation.getContact().getName(), caller.displayName());
    }

    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public CannedResponseView create(
            long inboxId, String shortCode, String title, String content, String agent, String requestId) {
        requireAdmin(agent, "canned.create", requestId);
        CannedText text = CannedText.of(shortCode, title, content);
        if (em.find(Inbox.class, inboxId) == null) {
            throw ProblemException.notFound("No such inbox.");
        }
        refuseTaken(inboxId, text.shortCode(), null);
        CannedResponse response = new CannedResponse(inboxId, text, agent, Database.now());
        em.persist(response);
        flush(text.shortCode());
        audit.record(new AuditEntry(
                "canned.create",
                "created",
                "agent:" + agent,
                requestId,
                null,
                null,
                "inbox " + inboxId + ": /" + text.shortCode() + " (" + text.title() + ")"));
        return response.view();
    }

    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public CannedResponseView update(
            long id, String shortCode, String title, String content, String agent, String requestId) {
        requireAdmin(agent, "canned.update", requestId);
        CannedText text = CannedText.of(shortCode, title, content);
        CannedResponse response = em.find(CannedResponse.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (response == null) {
            throw notFound(id);
        }
        refuseTaken(response.getInboxId(), text.shortCode(), response.getId());
        String before = "/" + response.getShortCode() + " (" + response.getTitle() + ")";
        response.change(text, agent, Database.now());
        flush(text.shortCode());
        audit.record(new AuditEntry(
                "canned.update",
                "changed",
                "agent:" + agent,
                requestId,
                null,
                null,
                "inbox " + response.getInboxId() + ": " + before + " -> /" + text.shortCode() + " (" + text.title()
                        + ")"));
        return response.view();
    }

    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public void delete(long id, String agent, String requestId) {
        requireAdmin(agent, "canned.delete", requestId);
        CannedResponse response = em.find(CannedResponse.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (response == null) {
            throw notFound(id);
        }
        em.remove(response);
        audit.record(new AuditEntry(
                "canned.delete",
                "deleted",
                "agent:" + agent,
                requestId,
                null,
                null,
                "inbox " + response.getInboxId() + ": /" + response.getShortCode() + " (" + response.getTitle() + ")"));
    }

    /** Whether this agent may change canned responses: what the console asks before it offers the forms. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public boolean mayManage(String agent) {
        return Role.ADMIN.name().equals(agents.me(agent).role());
    }

    /** A search text: blank is none; over {@link #QUERY_LIMIT} characters or with control characters is a 400. */
    static String checkedQuery(String query) {
        if (query == null || query.isBlank()) {
            return null;
        }
        if (query.length() > QUERY_LIMIT || query.chars().anyMatch(Character::isISOControl)) {
            throw ProblemException.invalid(
                    "q", "must be at most " + QUERY_LIMIT + " characters without control characters");
        }
        return query.strip();
    }

    private void requireAdmin(String agent, String action, String requestId) {
        if (!mayManage(agent)) {
            audit.recordAlone(
                    new AuditEntry(action, "forbidden", "agent:" + agent, requestId, null, null, "needs role ADMIN"));
            throw new ProblemException(403, "forbidden", "Forbidden", "Only an admin may do this.");
        }
    }

    private void refuseTaken(long inboxId, String shortCode, Long self) {
        boolean taken = em.createNamedQuery(CannedResponse.FIND_BY_CODE, CannedResponse.class)
                .setParameter("inboxId", inboxId)
                .setParameter("shortCode", shortCode)
                .getResultStream()
                .anyMatch(other -> !other.getId().equals(self));
        if (taken) {
            throw taken(shortCode);
        }
    }

    /** Writes now, so that a code another admin saved meanwhile is the same 409 as one saved before. */
    private void flush(String shortCode) {
        try {
            em.flush();
        } catch (PersistenceException failure) {
            for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
                if (cause instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                    throw taken(shortCode);
                }
            }
            throw failure;
        }
    }

    private static ProblemException taken(String shortCode) {
        return ProblemException.conflict(
                "short-code-taken", "The inbox has a canned response /" + shortCode + " already.");
    }

    private CannedResponse existing(long id) {
        CannedResponse response = em.find(CannedResponse.class, id);
        if (response == null) {
            throw notFound(id);
        }
        return response;
    }

    private Conversation conversation(long conversationId) {
        Conversation conversation = em.find(Conversation.class, conversationId);
        if (conversation == null) {
            throw ProblemException.notFound("No such conversation.");
        }
        return conversation;
    }

    private static ProblemException notFound(long id) {
        return ProblemException.notFound("No canned response " + id + ".");
    }
}
