package dev.parley.it.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.it.support.AgentClient;
import dev.parley.it.support.Parley;
import dev.parley.it.support.Reply;
import dev.parley.it.support.WidgetClient;
import dev.parley.it.support.WidgetClient.Visitor;
import jakarta.json.Json;
import java.util.Map;
import java.util.UUID;

/** Agents and visitors for the assignment tests: agents made by the admin over the API, each on its own token. */
public final class Workforce {

    public static final String PASSWORD = "workforce-password-1";

    /** An agent of the test: its id, its login and a client on a personal access token. */
    public record Member(long id, String username, AgentClient api) {}

    /** A visitor and the conversation it started. */
    public record Chat(Visitor visitor, long id) {}

    private Workforce() {}

    public static Member hire(Parley parley, String role, String purpose) {
        String name = "wf-" + purpose + "-" + UUID.randomUUID().toString().substring(0, 8);
        Reply created = parley.agent()
                .post(
                        "agents",
                        Json.createObjectBuilder()
                                .add("username", name)
                                .add("displayName", "Agent " + purpose)
                                .add("password", PASSWORD)
                                .add("role", role)
                                .build()
                                .toString());
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        AgentClient api = parley.agent(name, PASSWORD).withNewToken(parley.uri("admin/api/v1/"), "it");
        return new Member(created.id(), name, api);
    }

    public static Chat chat(Parley parley, String message) {
        WidgetClient widget = parley.widget();
        Visitor visitor = widget.newVisitor();
        Reply started = widget.start(
                visitor, UUID.randomUUID().toString(), WidgetClient.form("Vic Visitor", "vic@example.com", message));
        assertThat(started.status()).as(started.toString()).isEqualTo(201);
        return new Chat(visitor, started.id());
    }

    public static void visitorWrites(Parley parley, Chat chat, String content) {
        Reply posted = parley.widget()
                .post(
                        "conversations/" + chat.id() + "/messages",
                        chat.visitor().token(),
                        Map.of(),
                        Json.createObjectBuilder()
                                .add("content", content)
                                .build()
                                .toString());
        assertThat(posted.status()).as(posted.toString()).isEqualTo(201);
    }

    public static Reply take(AgentClient api, long conversationId) {
        return api.post("conversations/" + conversationId + "/take", "");
    }

    public static Reply assign(AgentClient api, long conversationId, Long agentId) {
        return api.post("conversations/" + conversationId + "/assignee", "{\"agentId\":" + agentId + "}");
    }

    public static long unread(AgentClient api, long conversationId) {
        Reply conversation = api.get("conversations/" + conversationId);
        assertThat(conversation.status()).as(conversation.toString()).isEqualTo(200);
        return conversation.json().getJsonNumber("unread").longValue();
    }

    public static Long assigneeOf(Parley parley, long conversationId) {
        Object id = parley.rows("select assignee_id from conversation where id = ?", conversationId)
                .get(0)
                .get(0);
        return id == null ? null : ((Number) id).longValue();
    }
}
