package dev.parley.admin.console;

import dev.parley.agent.boundary.Agents;
import dev.parley.conversation.boundary.Conversations;
import dev.parley.conversation.entity.AgentTyping;
import dev.parley.conversation.entity.ConversationStatus;
import dev.parley.conversation.entity.MessageView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.faces.context.ExternalContext;
import jakarta.inject.Inject;

/**
 * What the logged-in agent does to one conversation from the console - reply, resolve / reopen, tell
 * the visitor they are typing - with the outcome (and its request id) at the top of the page. The
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
