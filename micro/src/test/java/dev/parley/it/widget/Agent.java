package dev.parley.it.widget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.it.support.Parley;
import dev.parley.it.support.ParleyServer;
import dev.parley.it.support.Reply;
import jakarta.json.Json;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** An agent answering through the agent API ({@code POST admin/api/v1/conversations/{id}/messages}, HTTP Basic). */
final class Agent {

    private final Parley parley;

    Agent(Parley parley) {
        this.parley = parley;
    }

    /** Posts a reply and returns the created message's id; fails the test unless the API answers 201. */
    long reply(long conversationId, String content) {
        HttpRequest request = HttpRequest.newBuilder(parley.uri("admin/api/v1/conversations/" + conversationId + "/messages"))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (ParleyServer.ADMIN_USER + ":" + ParleyServer.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.createObjectBuilder().add("content", content).build().toString()))
                .build();
        Reply reply = parley.widget().send(request);
        assertThat(reply.status()).as("agent API POST %s -> %s (is the agent API deployed?)", request.uri(), reply)
                .isEqualTo(201);
        assertThat(reply.json().getString("sender")).isEqualTo("AGENT");
        return reply.id();
    }
}
