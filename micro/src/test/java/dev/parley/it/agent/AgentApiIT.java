package dev.parley.it.agent;

import static dev.parley.it.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.it.support.AgentClient;
import dev.parley.it.support.Parley;
import dev.parley.it.support.ParleyServer;
import dev.parley.it.support.Reply;
import dev.parley.it.support.WidgetClient;
import dev.parley.it.support.WidgetClient.Visitor;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The agent API: login required, replies reach the visitor's conversation, status changes, bad input. */
@ExtendWith(ParleyServer.class)
class AgentApiIT {

    @Test
    void theAgentApiRequiresValidCredentials(Parley parley) {
        Map<String, Long> before = parley.snapshot();

        Reply anonymous = parley.agent(null, null).get("conversations");
        Reply wrongPassword = parley.agent("admin", "guess").post("conversations/1/messages", "{\"content\":\"x\"}");
        Reply unknownUser = parley.agent("nobody", "x").get("conversations");

        assertProblem(anonymous, 401, "urn:parley:problem:unauthorized");
        assertThat(anonymous.header("WWW-Authenticate")).startsWith("Basic");
        assertProblem(wrongPassword, 401, "urn:parley:problem:unauthorized");
        assertProblem(unknownUser, 401, "urn:parley:problem:unauthorized");
        assertThat(parley.snapshot()).isEqualTo(before);
    }

    @Test
    void anAgentReadsAndAnswersAConversation(Parley parley) {
        WidgetClient widget = parley.widget();
        Visitor visitor = widget.newVisitor();
        long id = widget.start(visitor, "k", WidgetClient.form("Ann", "ann@example.com", "Hello"))
                .id();
        AgentClient agent = parley.agent();

        Reply reply = agent.reply(id, "Hi Ann, how can I help?");
        Reply conversation = agent.get("conversations/" + id);
        Reply list = agent.get("conversations?status=OPEN&size=200");

        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        assertThat(reply.json().getString("sender")).isEqualTo("AGENT");
        assertThat(reply.json().getString("author"))
                .as("the display name, never the login")
                .isEqualTo("Admin");
        assertThat(conversation.json().getJsonArray("messages")).hasSize(2);
        assertThat(list.array().stream()
                        .map(v -> v.asJsonObject().getJsonNumber("id").longValue()))
                .contains(id);
        Reply seenByVisitor = widget.get("conversations/" + id + "/messages", visitor.token());
        assertThat(seenByVisitor.array().getJsonObject(1).getString("content")).isEqualTo("Hi Ann, how can I help?");
        assertThat(parley.count(
                        "select count(*) from audit_event where action = 'message.post' and actor = 'agent:admin'"
                                + " and conversation_id = ?",
                        id))
                .isEqualTo(1);
    }

    @Test
    void resolvingLetsTheVisitorStartANewConversation(Parley parley) {
        WidgetClient widget = parley.widget();
        Visitor visitor = widget.newVisitor();
        long first = widget.start(visitor, "a", WidgetClient.form("Ann", "ann@example.com", "Hello"))
                .id();

        Reply resolved = parley.agent().post("conversations/" + first + "/status", "{\"status\":\"RESOLVED\"}");
        Reply next = widget.start(visitor, "b", WidgetClient.form("Ann", "ann@example.com", "Another question"));

        assertThat(resolved.json().getString("status")).isEqualTo("RESOLVED");
        assertThat(next.status()).isEqualTo(201);
        assertThat(next.id()).isNotEqualTo(first);
        assertThat(widget.get("conversations", visitor.token()).array()).hasSize(2);
    }

    @Test
    void badAgentInputIsRefusedAndChangesNothing(Parley parley) {
        WidgetClient widget = parley.widget();
        long id = widget.start(widget.newVisitor(), "k", WidgetClient.form("Ann", "ann@example.com", "Hello"))
                .id();
        AgentClient agent = parley.agent();
        Map<String, Long> before = parley.snapshot();

        assertProblem(
                agent.post("conversations/" + id + "/messages", "{\"content\":\"\"}"),
                400,
                "urn:parley:problem:invalid-request");
        assertProblem(
                agent.post("conversations/" + id + "/messages", "{\"content\":"),
                400,
                "urn:parley:problem:bad-request");
        assertProblem(
                agent.post("conversations/" + id + "/status", "{\"status\":\"DELETED\"}"),
                400,
                "urn:parley:problem:invalid-request");
        assertProblem(
                agent.post("conversations/" + id + "/status", "{\"status\":\"MERGED\"}"),
                400,
                "urn:parley:problem:invalid-request");
        assertProblem(
                agent.post("conversations/999999999/messages", "{\"content\":\"x\"}"),
                404,
                "urn:parley:problem:not-found");
        assertProblem(agent.get("conversations/abc"), 404, "urn:parley:problem:not-found");
        assertProblem(agent.get("conversations?size=100000"), 400, "urn:parley:problem:invalid-request");
        assertThat(parley.snapshot()).isEqualTo(before);
    }
}
