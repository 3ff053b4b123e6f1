package dev.parley.admin.console;

import dev.parley.agent.boundary.Agents;
import dev.parley.agent.boundary.Presences;
import dev.parley.agent.entity.AgentView;
import dev.parley.assignment.boundary.Assignments;
import dev.parley.canned.boundary.CannedResponses;
import dev.parley.conversation.boundary.ConversationSearch;
import dev.parley.conversation.boundary.Conversations;
import dev.parley.conversation.boundary.SeenMarks;
import dev.parley.conversation.entity.AgentTyping;
import dev.parley.conversation.entity.Assignee;
import dev.parley.conversation.entity.ConversationStatus;
import dev.parley.conversation.entity.MessageView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.faces.context.ExternalContext;
import jakarta.inject.Inject;
import java.util.List;

/**
 * What the logged-in agent does to one conversation from the console - reply, resolve / reopen, assign,
 * tell the visitor they are typing - with the outcome (and its request id) at the top of the page. The
 * conversation page and the workspace both act through here, so a reply or a status change means the
 * same on either screen; the rules themselves live in {@link Conversations}.
 */
@ApplicationScoped
public class ConversationActions {

    @Inject
    Conversations conversations;

    @Inject
    Agents agents;

    @Inject
    Assignments assignments;

    @Inject
    ConversationSearch search;

    @Inject
    SeenMarks seenMarks;

    @Inject
    Presences presences;

    @Inject
    CannedResponses cannedResponses;

    @Inject
    Event<AgentTyping> agentTyping;

    @Inject
    ExternalContext external;

    /** Posts the reply; true when it was stored (the caller clears its reply box), false when refused. */
    boolean reply(long conversationId, long contactId, String text) {
        String requestId = ConsoleMessages.newRequestId();
        try {
            String content = text == null ? null : text.replace("\r\n", "\n");
            MessageView sent =
                    conversations.postAsAgent(conversationId, agent(), agents.displayName(agent()), content, requestId);
            typing(conversationId, contactId, false);
            ConsoleMessages.done(
                    sent.conversationId() == conversationId
                            ? "Sent."
                            : "Sent to conversation " + sent.conversationId() + ", which this one is merged into.",
                    requestId);
            return true;
        } catch (RuntimeException refused) {
            ConsoleMessages.refused(refused);
            return false;
        }
    }

    void changeStatus(long conversationId, String status) {
        String requestId = ConsoleMessages.newRequestId();
        try {
            conversations.changeStatus(conversationId, ConversationStatus.valueOf(status), actor(), requestId);
            ConsoleMessages.done(status.equals("RESOLVED") ? "Resolved." : "Reopened.", requestId);
        } catch (RuntimeException refused) {
            ConsoleMessages.refused(refused);
        }
    }

    /**
     * Assign to me. Lost a race (409: another agent has it), the message names the winner as the
     * conversation shows it now, rather than the bare refusal.
     */
    void take(long conversationId) {
        String requestId = ConsoleMessages.newRequestId();
        try {
            assignments.take(conversationId, agent(), requestId);
            ConsoleMessages.done("Assigned to you.", requestId);
        } catch (RuntimeException refused) {
            Assignee winner = ConsoleMessages.status(refused) == 409
                    ? search.find(conversationId)
                            .map(ConversationSearch.Summary::assignee)
                            .orElse(null)
                    : null;
            if (winner != null && !winner.username().equals(agent())) {
                ConsoleMessages.error(winner.displayName() + " took this conversation a moment ago.");
            } else {
                ConsoleMessages.refused(refused);
            }
        }
    }

    /** Assign to the agent {@code agentId}, or to nobody when it is null. */
    void assign(long conversationId, Long agentId) {
        String requestId = ConsoleMessages.newRequestId();
        try {
            Assignee to = assignments
                    .assign(conversationId, agentId, agent(), requestId)
                    .assignee();
            ConsoleMessages.done(to == null ? "Unassigned." : "Assigned to " + to.displayName() + ".", requestId);
        } catch (RuntimeException refused) {
            ConsoleMessages.refused(refused);
        }
    }

    /**
     * Marks the conversation seen by the agent. A glance that fails (the conversation vanished, the
     * account was disabled a moment ago) changes nothing the agent asked for, so it says nothing.
     */
    void markSeen(long conversationId) {
        try {
            seenMarks.markSeen(conversationId, agent());
        } catch (RuntimeException notNow) {
            // the next resync shows the state; the unread count simply stays
        }
    }

    long totalUnread() {
        try {
            return seenMarks.totalUnread(agent());
        } catch (RuntimeException disabled) {
            return 0;
        }
    }

    /** The agent's presence after reporting {@code status}; the shown one stays when the report is refused. */
    String reportPresence(String status) {
        try {
            return presences
                    .report(agent(), status, ConsoleMessages.newRequestId())
                    .presence();
        } catch (RuntimeException refused) {
            ConsoleMessages.refused(refused);
            return agents.active(agent()).map(AgentView::presence).orElse(null);
        }
    }

    void heartbeat() {
        presences.heartbeat(agent());
    }

    Long agentId() {
        return agents.active(agent()).map(AgentView::id).orElse(null);
    }

    List<AgentView> team() {
        return agents.assignable(agent());
    }

    /** The inbox's canned responses matching {@code query}, each filled for this conversation's visitor. */
    List<WorkspacePage.CannedOption> canned(long conversationId, String query, int limit) {
        try {
            return cannedResponses.forConversation(conversationId, query).stream()
                    .limit(limit)
                    .map(response -> new WorkspacePage.CannedOption(
                            response.id(),
                            response.shortCode(),
                            response.title(),
                            cannedResponses.render(response.id(), conversationId, agent())))
                    .toList();
        } catch (RuntimeException refused) {
            ConsoleMessages.refused(refused);
            return List.of();
        }
    }

    /** Not stored, only pushed to the visitor. */
    void typing(long conversationId, long contactId, boolean typing) {
        agentTyping.fire(new AgentTyping(conversationId, contactId, typing));
    }

    /** The login name, as the audit log records it. */
    String agent() {
        return external.getUserPrincipal().getName();
    }

    String actor() {
        return "agent:" + agent();
    }
}
