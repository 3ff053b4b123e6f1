package dev.parley.it.webhook;

import static dev.parley.it.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.it.support.AgentClient;
import dev.parley.it.support.Parley;
import dev.parley.it.support.ParleyServer;
import dev.parley.it.support.Reply;
import dev.parley.it.support.Scrape;
import dev.parley.it.support.WidgetClient;
import dev.parley.it.support.WidgetClient.Visitor;
import dev.parley.it.webhook.WebhookReceiver.Received;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Webhooks against a real HTTP receiver on loopback: every committed event arrives signed, once per id and in
 * order per conversation; a receiver that fails once gets the same id again and loses nothing; a change that
 * rolls back after its event was fired sends nothing; bad endpoint input is a 400 that writes nothing, and only
 * admins manage endpoints.
 */
@ExtendWith(ParleyServer.class)
public class WebhooksIT {

    public static final List<String> ALL_EVENTS = List.of(
            "conversation.created",
            "message.created",
            "conversation.status_changed",
            "conversation.merged",
            "conversation.unmerged",
            "conversation.assigned",
            "contact.updated");

    @Test
    void everyCommittedEventArrivesSignedOncePerIdAndInOrderPerConversation(Parley parley) {
        AgentClient admin = parley.agent();
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            Reply created = admin.post("webhooks", endpoint(receiver.url(), ALL_EVENTS));
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            String secret = created.json().getString("secret");
            long endpoint = created.id();
            assertThat(secret).startsWith("whsec_");
            assertThat(admin.get("webhooks/" + endpoint).json().containsKey("secret"))
                    .as("the secret is shown once")
                    .isFalse();
            Scrape before = Scrape.of(parley);
            try {
                List<Long> conversations = new ArrayList<>();
                List<Visitor> visitors = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    Visitor visitor = parley.widget().newVisitor();
                    Reply started = parley.widget()
                            .start(
                                    visitor,
                                    UUID.randomUUID().toString(),
                                    WidgetClient.form("Hook Visitor " + i, "hook" + i + "@example.com", "Hello " + i));
                    assertThat(started.status()).as(started.toString()).isEqualTo(201);
                    visitors.add(visitor);
                    conversations.add(started.id());
                }
                for (int round = 0; round < 8; round++) {
                    for (int c = 0; c < conversations.size(); c++) {
                        visitorWrites(parley, visitors.get(c), conversations.get(c), "visitor " + round);
                        admin.replied(conversations.get(c), "agent " + round);
                    }
                }
                assertThat(admin.status(conversations.get(2), "RESOLVED").status())
                        .isEqualTo(200);

                String in = conversations.stream().map(String::valueOf).collect(Collectors.joining(","));
                List<Long> messages =
                        parley.rows("select id from message where conversation_id in (" + in + ") order by id").stream()
                                .map(row -> ((Number) row.get(0)).longValue())
                                .toList();
                assertThat(messages).hasSize(3 * 17);
                await("every message delivered")
                        .atMost(Duration.ofSeconds(30))
                        .until(() ->
                                messageIds(receiver.received(), conversations).containsAll(messages));
                await("no delivery left open")
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> parley.count(
                                        "select count(*) from webhook_delivery where endpoint_id = ? and status <> 'DELIVERED'",
                                        endpoint)
                                == 0);

                List<Received> ours = receiver.received().stream()
                        .filter(request -> conversations.contains(conversationOf(request)))
                        .toList();
                assertThat(ours)
                        .allSatisfy(request -> assertThat(request.signedWith(secret))
                                .as("signature of " + request.id())
                                .isTrue());
                assertThat(ours.stream().map(Received::id).distinct().count())
                        .as("once per id")
                        .isEqualTo(ours.size());
                assertThat(ours.stream().filter(r -> r.type().equals("message.created")))
                        .hasSize(messages.size());
                Scrape after = Scrape.of(parley);
                assertThat(after.value("parley_webhook_deliveries_total", "outcome", "delivered")
                                - before.value("parley_webhook_deliveries_total", "outcome", "delivered"))
                        .as("the metrics count every delivery the receiver answered")
                        .isGreaterThanOrEqualTo(ours.size());
                assertThat(after.has("parley_webhook_oldest_undelivered_seconds"))
                        .as(after.text())
                        .isTrue();
                assertThat(ours.stream().filter(r -> r.type().equals("conversation.created")))
                        .hasSize(3);
                assertThat(ours.stream()
                                .filter(r -> r.type().equals("conversation.status_changed"))
                                .map(r -> r.data().getString("status")))
                        .containsExactly("RESOLVED");
                for (long conversation : conversations) {
                    List<Received> line = ours.stream()
                            .filter(r -> conversationOf(r) == conversation)
                            .toList();
                    List<String> types = line.stream().map(Received::type).toList();
                    assertThat(types.indexOf("conversation.created"))
                            .as("the conversation is announced before its first message")
                            .isNotNegative()
                            .isLessThan(types.indexOf("message.created"));
                    List<Long> ids = line.stream()
                            .filter(r -> r.type().equals("message.created"))
                            .map(r -> r.data()
                                    .getJsonObject("message")
                                    .getJsonNumber("id")
                                    .longValue())
                            .toList();
                    assertThat(ids)
                            .as("in order for conversation " + conversation)
                            .isSorted();
                }
                assertThat(parley.count(
                                "select count(*) from audit_event where action = 'webhook.create' and detail like ?",
                                "endpoint " + endpoint + " %"))
                        .isEqualTo(1);
            } finally {
                admin.delete("webhooks/" + endpoint);
            }
        }
    }

    @Test
    void aReceiverThatFailsOnceGetsTheSameIdAgainAndNothingIsLost(Parley parley) {
        AgentClient admin = parley.agent();
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            failEachIdOnce(receiver);
            Reply created = admin.post("webhooks", endpoint(receiver.url(), List.of("message.created")));
            long endpoint = created.id();
            String secret = created.json().getString("secret");
            try {
                Visitor visitor = parley.widget().newVisitor();
                long conversation = parley.widget()
                        .start(
                                visitor,
                                UUID.randomUUID().toString(),
                                WidgetClient.form("Retry Visitor", "retry@example.com", "first"))
                        .id();
                long second = admin.replied(conversation, "second");
                long third = admin.replied(conversation, "third");
                awaitDelivered(parley, endpoint, 3);

                List<Received> all = receiver.received();
                assertThat(all)
                        .hasSize(6)
                        .allSatisfy(r -> assertThat(r.signedWith(secret)).isTrue());
                Map<String, List<Received>> byId = new LinkedHashMap<>();
                all.forEach(r ->
                        byId.computeIfAbsent(r.id(), id -> new ArrayList<>()).add(r));
                assertThat(byId).hasSize(3);
                byId.values().forEach(twice -> {
                    assertThat(twice).hasSize(2);
                    assertThat(twice.get(1).body())
                            .as("the same body")
                            .isEqualTo(twice.get(0).body());
                });
                List<Long> acceptedOrder = all.stream()
                        .filter(r -> byId.get(r.id()).get(1) == r)
                        .map(r -> r.data()
                                .getJsonObject("message")
                                .getJsonNumber("id")
                                .longValue())
                        .toList();
                assertThat(acceptedOrder).hasSize(3).endsWith(second, third).isSorted();
                for (Received first :
                        all.stream().filter(r -> byId.get(r.id()).get(0) == r).toList()) {
                    long message = first.data()
                            .getJsonObject("message")
                            .getJsonNumber("id")
                            .longValue();
                    int firstAttempt = first.order();
                    int lastAccepted = all.stream()
                            .filter(r -> byId.get(r.id()).get(1) == r)
                            .filter(r -> r.data()
                                            .getJsonObject("message")
                                            .getJsonNumber("id")
                                            .longValue()
                                    < message)
                            .mapToInt(Received::order)
                            .max()
                            .orElse(-1);
                    assertThat(firstAttempt)
                            .as("message " + message + " is not posted before the earlier ones were accepted")
                            .isGreaterThan(lastAccepted);
                }
                Reply deliveries = admin.get("webhooks/" + endpoint + "/deliveries");
                assertThat(deliveries.array()).hasSize(3).allSatisfy(delivery -> {
                    assertThat(delivery.asJsonObject().getString("status")).isEqualTo("DELIVERED");
                    assertThat(delivery.asJsonObject().getInt("attempts")).isEqualTo(2);
                    assertThat(delivery.asJsonObject().getInt("lastResponseCode"))
                            .isEqualTo(200);
                });

                long deliveryId =
                        deliveries.array().getJsonObject(0).getJsonNumber("id").longValue();
                String eventId = deliveries.array().getJsonObject(0).getString("eventId");
                Reply redelivered = admin.post("webhooks/" + endpoint + "/deliveries/" + deliveryId + "/redeliver", "");
                assertThat(redelivered.status()).as(redelivered.toString()).isEqualTo(200);
                await().atMost(Duration.ofSeconds(15))
                        .until(() -> receiver.received().stream()
                                        .filter(r -> r.id().equals(eventId))
                                        .count()
                                == 3);
                assertThat(parley.count(
                                "select count(*) from audit_event where action = 'webhook.redeliver' and detail like ?",
                                "%" + eventId + "%"))
                        .isEqualTo(1);
            } finally {
                admin.delete("webhooks/" + endpoint);
            }
        }
    }

    /**
     * A start writes {@code conversation.created} and the first {@code message.created} in one transaction, so one
     * claim takes both and the worker posts them one after the other; when the first fails, the second is not
     * posted at all (no attempt counted) until the first is accepted.
     */
    @Test
    void aLineClaimedTogetherStopsAtItsFirstFailure(Parley parley) {
        AgentClient admin = parley.agent();
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            failEachIdOnce(receiver);
            Reply created = admin.post(
                    "webhooks", endpoint(receiver.url(), List.of("conversation.created", "message.created")));
            long endpoint = created.id();
            try {
                Visitor visitor = parley.widget().newVisitor();
                parley.widget()
                        .start(
                                visitor,
                                UUID.randomUUID().toString(),
                                WidgetClient.form("Line Visitor", "line@example.com", "hello"))
                        .id();
                awaitDelivered(parley, endpoint, 2);

                List<Received> all = receiver.received();
                assertThat(all)
                        .as("the message is first posted after its conversation was accepted")
                        .extracting(Received::type)
                        .containsExactly(
                                "conversation.created", "conversation.created", "message.created", "message.created");
                assertThat(all.get(0).id()).isEqualTo(all.get(1).id());
                assertThat(all.get(2).id()).isEqualTo(all.get(3).id());
                assertThat(admin.get("webhooks/" + endpoint + "/deliveries").array())
                        .hasSize(2)
                        .allSatisfy(
                                delivery -> assertThat(delivery.asJsonObject().getInt("attempts"))
                                        .as("a delivery skipped behind a failure has no attempt counted")
                                        .isEqualTo(2));
            } finally {
                admin.delete("webhooks/" + endpoint);
            }
        }
    }

    @Test
    void aChangeThatRollsBackAfterItsEventFiredSendsNothing(Parley parley) {
        AgentClient admin = parley.agent();
        String marker = "webhook-it-rollback-" + UUID.randomUUID();
        // the database refuses the message at commit: after the event was fired and the outbox rows written
        parley.execute("create or replace function webhook_it_refuse() returns trigger as $$ begin"
                + " if new.content like 'webhook-it-rollback-%' then raise exception 'refused by the test'; end if;"
                + " return new; end $$ language plpgsql");
        parley.execute("drop trigger if exists webhook_it_refuse on message");
        parley.execute("create constraint trigger webhook_it_refuse after insert on message"
                + " deferrable initially deferred for each row execute function webhook_it_refuse()");
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            long endpoint =
                    admin.post("webhooks", endpoint(receiver.url(), ALL_EVENTS)).id();
            try {
                Visitor visitor = parley.widget().newVisitor();
                long conversation = parley.widget()
                        .start(
                                visitor,
                                UUID.randomUUID().toString(),
                                WidgetClient.form("Rollback Visitor", "rb@example.com", "hello"))
                        .id();
                Reply refused = admin.reply(conversation, marker);
                assertThat(refused.status()).as(refused.toString()).isGreaterThanOrEqualTo(400);
                long after = admin.replied(conversation, "after the rollback");

                await().atMost(Duration.ofSeconds(30))
                        .until(() -> messageIds(receiver.received(), List.of(conversation))
                                .contains(after));
                assertThat(parley.count("select count(*) from message where content = ?", marker))
                        .isZero();
                assertThat(parley.count("select count(*) from webhook_event where payload like ?", "%" + marker + "%"))
                        .as("no outbox row of the rolled-back change")
                        .isZero();
                assertThat(receiver.received()).noneMatch(r -> r.body().contains(marker));
            } finally {
                admin.delete("webhooks/" + endpoint);
            }
        } finally {
            parley.execute("drop trigger if exists webhook_it_refuse on message");
        }
    }

    @Test
    void badEndpointInputIsA400ThatWritesNothing(Parley parley) {
        AgentClient admin = parley.agent();
        long before = parley.count("select count(*) from webhook_endpoint");
        String ok = "http://127.0.0.1:9/hook";
        for (String body : List.of(
                endpoint("ftp://example.com/hook", List.of("message.created")),
                endpoint("javascript:alert(1)", List.of("message.created")),
                endpoint("example.com/hook", List.of("message.created")),
                endpoint("https://user:pw@example.com/hook", List.of("message.created")),
                endpoint("https://example.com/" + "a".repeat(2100), List.of("message.created")),
                endpoint(ok, List.of("message.deleted")),
                endpoint(ok, List.of()),
                endpoint(ok, List.of("message.created", "message.created")),
                "{\"url\":\"" + ok + "\"}",
                "{\"events\":[\"message.created\"]}",
                "{\"url\":\"" + ok + "\",\"events\":\"message.created\"}",
                "{\"url\":\"" + ok + "\",\"events\":[1]}",
                "{\"url\":42,\"events\":[\"message.created\"]}",
                "{\"url\":\"" + ok + "\",\"events\":[\"message.created\"],\"secret\":\"mine\"}",
                "[]",
                "not json")) {
            Reply refused = admin.post("webhooks", body);
            assertThat(refused.status()).as(body + " -> " + refused).isEqualTo(400);
            assertThat(refused.header("Content-Type")).contains("application/problem+json");
        }
        assertThat(parley.count("select count(*) from webhook_endpoint")).isEqualTo(before);

        long endpoint =
                admin.post("webhooks", endpoint(ok, List.of("message.created"))).id();
        try {
            assertThat(admin.put("webhooks/" + endpoint, endpoint("gopher://example.com/", List.of("message.created")))
                            .status())
                    .isEqualTo(400);
            assertThat(admin.put(
                                    "webhooks/" + endpoint,
                                    "{\"url\":\"" + ok + "\",\"events\":[\"message.created\"],"
                                            + "\"enabled\":\"yes\"}")
                            .status())
                    .isEqualTo(400);
            assertThat(admin.get("webhooks/" + endpoint).json().getString("url"))
                    .isEqualTo(ok);
            assertThat(admin.get("webhooks/999999999").status()).isEqualTo(404);
            assertThat(admin.get("webhooks/abc").status()).isEqualTo(404);
            assertThat(admin.get("webhooks/" + endpoint + "/deliveries?size=0").status())
                    .isEqualTo(400);
            assertThat(admin.post("webhooks/" + endpoint + "/deliveries/999999999/redeliver", "")
                            .status())
                    .isEqualTo(404);

            Reply disabled = admin.put(
                    "webhooks/" + endpoint,
                    "{\"url\":\"" + ok + "/v2\",\"events\":[\"contact.updated\"],\"enabled\":false}");
            assertThat(disabled.status()).as(disabled.toString()).isEqualTo(200);
            assertThat(disabled.json().getBoolean("enabled")).isFalse();
            assertThat(disabled.json().getJsonArray("events").getString(0)).isEqualTo("contact.updated");
        } finally {
            assertThat(admin.delete("webhooks/" + endpoint).status()).isEqualTo(204);
        }
        assertThat(admin.get("webhooks/" + endpoint).status()).isEqualTo(404);
    }

    @Test
    void onlyAdminsManageWebhooksAndNoLoginIsA401(Parley parley) {
        AgentClient admin = parley.agent();
        String ok = "http://127.0.0.1:9/hook";
        long endpoint =
                admin.post("webhooks", endpoint(ok, List.of("message.created"))).id();
        try {
            AgentClient anonymous = parley.agent(null, null);
            for (Reply reply : List.of(
                    anonymous.get("webhooks"),
                    anonymous.post("webhooks", endpoint(ok, List.of("message.created"))),
                    anonymous.get("webhooks/" + endpoint),
                    anonymous.delete("webhooks/" + endpoint))) {
                assertProblem(reply, 401, "urn:parley:problem:unauthorized");
            }
            AgentClient agent = newAgent(parley);
            for (Reply reply : List.of(
                    agent.get("webhooks"),
                    agent.post("webhooks", endpoint(ok, List.of("message.created"))),
                    agent.get("webhooks/" + endpoint),
                    agent.put("webhooks/" + endpoint, endpoint(ok, List.of("contact.updated"))),
                    agent.delete("webhooks/" + endpoint),
                    agent.get("webhooks/" + endpoint + "/deliveries"))) {
                assertProblem(reply, 403, "urn:parley:problem:forbidden");
            }
            assertThat(admin.get("webhooks/" + endpoint)
                            .json()
                            .getJsonArray("events")
                            .getString(0))
                    .isEqualTo("message.created");
        } finally {
            admin.delete("webhooks/" + endpoint);
        }
    }

    public static String endpoint(String url, List<String> events) {
        JsonArrayBuilder names = Json.createArrayBuilder();
        events.forEach(names::add);
        return Json.createObjectBuilder()
                .add("url", url)
                .add("events", names)
                .build()
                .toString();
    }

    /** The receiver answers 500 to the first post of each webhook-id and 200 to the next ones. */
    static void failEachIdOnce(WebhookReceiver receiver) {
        Set<String> failedOnce = java.util.concurrent.ConcurrentHashMap.newKeySet();
        receiver.answer(request -> failedOnce.add(request.id()) ? 500 : 200);
    }

    /** Waits until exactly this many of the endpoint's deliveries are DELIVERED. */
    static void awaitDelivered(Parley parley, long endpoint, int count) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> parley.count(
                                "select count(*) from webhook_delivery where endpoint_id = ? and status = 'DELIVERED'",
                                endpoint)
                        == count);
    }

    static void visitorWrites(Parley parley, Visitor visitor, long conversation, String content) {
        Reply posted = parley.widget()
                .post(
                        "conversations/" + conversation + "/messages",
                        visitor.token(),
                        Map.of(),
                        Json.createObjectBuilder()
                                .add("content", content)
                                .build()
                                .toString());
        assertThat(posted.status()).as(posted.toString()).isEqualTo(201);
    }

    static long conversationOf(Received request) {
        var data = request.data();
        if (data.containsKey("message")) {
            return data.getJsonObject("message").getJsonNumber("conversationId").longValue();
        }
        if (data.containsKey("conversation")) {
            return data.getJsonObject("conversation").getJsonNumber("id").longValue();
        }
        if (data.containsKey("conversationId")) {
            return data.getJsonNumber("conversationId").longValue();
        }
        return -1;
    }

    static Set<Long> messageIds(List<Received> received, List<Long> conversations) {
        Set<Long> ids = new HashSet<>();
        for (Received request : received) {
            if (request.type().equals("message.created") && conversations.contains(conversationOf(request))) {
                ids.add(request.data()
                        .getJsonObject("message")
                        .getJsonNumber("id")
                        .longValue());
            }
        }
        return ids;
    }

    private static final AtomicInteger AGENTS = new AtomicInteger();

    static AgentClient newAgent(Parley parley) {
        String name = "hooks-" + AGENTS.incrementAndGet() + "-"
                + UUID.randomUUID().toString().substring(0, 6);
        Reply created = parley.agent()
                .post(
                        "agents",
                        Json.createObjectBuilder()
                                .add("username", name)
                                .add("displayName", "Hooks Agent")
                                .add("password", "agent-password-123")
                                .add("role", "AGENT")
                                .build()
                                .toString());
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return parley.agent(name, "agent-password-123");
    }
}
