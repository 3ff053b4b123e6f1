package dev.parley.it.support;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/** The agent API over HTTP Basic or a personal access token, as an integration or a script would call it. */
public class AgentClient {

    private final WidgetClient http;
    private final String authorization;

    AgentClient(URI api, String user, String password) {
        this(
                api,
                user == null
                        ? null
                        : "Basic "
                                + Base64.getEncoder()
                                        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    private AgentClient(URI api, String authorization) {
        this.http = new WidgetClient(api);
        this.authorization = authorization;
    }

    /** The same API with {@code Authorization: Bearer <token>}. */
    public static AgentClient bearer(URI api, String token) {
        return new AgentClient(api, "Bearer " + token);
    }

    /** A client with a new token of this client's agent ({@code POST /tokens}); fails the test unless 201. */
    public AgentClient withNewToken(URI api, String name) {
        Reply created = post(
                "tokens",
                jakarta.json.Json.createObjectBuilder()
                        .add("name", name)
                        .build()
                        .toString());
        if (created.status() != 201) {
            throw new AssertionError("token for " + name + " -> " + created);
        }
        return bearer(api, created.json().getString("token"));
    }

    public Reply delete(String path) {
        return http.send(request(path).DELETE().build());
    }

    public Reply put(String path, String json) {
        return http.send(request(path)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    public Reply patch(String path, String json) {
        return http.send(request(path)
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    public Reply get(String path) {
        return http.send(request(path).GET().build());
    }

    public Reply post(String path, String json) {
        return http.send(request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    public Reply reply(long conversationId, String content) {
        return post(
                "conversations/" + conversationId + "/messages",
                jakarta.json.Json.createObjectBuilder()
                        .add("content", content)
                        .build()
                        .toString());
    }

    /** POST /conversations/{target}/merge {"sourceIds":[...]} (allowCrossContact when asked). */
    public Reply merge(long targetId, boolean allowCrossContact, long... sourceIds) {
        jakarta.json.JsonArrayBuilder ids = jakarta.json.Json.createArrayBuilder();
        for (long id : sourceIds) {
            ids.add(id);
        }
        return post(
                "conversations/" + targetId + "/merge",
                jakarta.json.Json.createObjectBuilder()
                        .add("sourceIds", ids)
                        .add("allowCrossContact", allowCrossContact)
                        .build()
                        .toString());
    }

    public Reply merge(long targetId, long... sourceIds) {
        return merge(targetId, false, sourceIds);
    }

    public Reply unmerge(long conversationId) {
        return post("conversations/" + conversationId + "/unmerge", "");
    }

    public Reply status(long conversationId, String status) {
        return post("conversations/" + conversationId + "/status", "{\"status\":\"" + status + "\"}");
    }

    /** Posts a reply and returns the new message's id; any answer but 201 fails the calling test. */
    public long replied(long conversationId, String content) {
        Reply reply = reply(conversationId, content);
        if (reply.status() != 201 || !"AGENT".equals(reply.json().getString("sender"))) {
            throw new AssertionError("agent reply to conversation " + conversationId + " -> " + reply);
        }
        return reply.id();
    }

    String authorization() {
        return authorization;
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = http.request(path, null, Map.of());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request;
    }
}
