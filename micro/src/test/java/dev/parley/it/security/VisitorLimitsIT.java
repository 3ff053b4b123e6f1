package dev.parley.it.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.it.support.Parley;
import dev.parley.it.support.ParleyServer;
import dev.parley.it.support.ParleyServer.Node;
import dev.parley.it.support.Race;
import dev.parley.it.support.Reply;
import dev.parley.it.support.SocketClient;
import dev.parley.it.support.TestDatabase;
import dev.parley.it.support.WidgetClient;
import dev.parley.it.support.WidgetClient.Visitor;
import jakarta.json.Json;
import jakarta.websocket.CloseReason.CloseCodes;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The visitor limits against two real nodes sharing one PostgreSQL, as an attacker with the public
 * website token and a script would meet them: floods of sessions, starts, messages, typing frames and
 * sockets end in 429 or 1008 at the configured limits, write nothing past them and never answer 5xx;
 * a visitor at its limit still gets the replay of a stored key; the two nodes count together. Each test
 * speaks from its own client address, forwarded by 127.0.0.1, which these nodes trust.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VisitorLimitsIT {

    static final int SESSIONS = 5;
    static final int STARTS = 3;
    static final int MESSAGES = 4;
    static final int TYPING = 3;
    static final int SOCKETS_PER_CONTACT = 2;
    static final int SOCKETS_PER_ADDRESS = 9;
    static final int CONTEXTS = 3;

    static Parley a;
    static Parley b;

    static final AtomicInteger addresses = new AtomicInteger(1);

    @BeforeAll
    static void boot() {
        String database = TestDatabase.create("parley_limits");
        List<String> limits = List.of(
                "-Dparley.trusted-proxies=127.0.0.1",
                "-Dparley.limits.session-per-address=" + SESSIONS + "/PT1H",
                "-Dparley.limits.start-per-contact=" + STARTS + "/PT1H",
                "-Dparley.limits.start-per-address=1000/PT1H",
                "-Dparley.limits.message-per-contact=" + MESSAGES + "/PT1H",
                "-Dparley.limits.typing-per-contact=" + TYPING + "/PT1H",
                "-Dparley.limits.socket-per-contact=" + SOCKETS_PER_CONTACT + "/PT1H",
                "-Dparley.limits.socket-per-address=" + SOCKETS_PER_ADDRESS + "/PT1H",
                "-Dparley.limits.hello-deadline=PT1S",
                "-Dparley.limits.context-per-contact=" + CONTEXTS + "/PT1H",
                "-Dparley.limits.idempotency-records-per-contact=2");
        CompletableFuture<Parley> first = CompletableFuture.supplyAsync(
                () -> ParleyServer.boot(new Node("limits-a", 0, database, limits, List.of("--nohazelcast"), Map.of())));
        CompletableFuture<Parley> second = CompletableFuture.supplyAsync(
                () -> ParleyServer.boot(new Node("limits-b", 0, database, limits, List.of("--nohazelcast"), Map.of())));
        a = first.join();
        b = second.join();
    }

    @AfterAll
    static void stop() {
        for (Parley node : new Parley[] {a, b}) {
            if (node != null) {
                node.stop();
            }
        }
    }

    /** A client address of its own for one test: 198.51.100.N (TEST-NET-2, never routed). */
    static Map<String, String> from() {
        return Map.of("X-Forwarded-For", "198.51.100." + addresses.getAndIncrement());
    }

    static Reply session(Parley node, Map<String, String> address) {
        return node.widget()
                .post(
                        "session",
                        null,
                        address,
                        Json.createObjectBuilder()
                                .add("websiteToken", ParleyServer.WEBSITE_TOKEN)
                                .build()
                                .toString());
    }

    static Visitor visitor(Parley node, Map<String, String> address) {
        Reply reply = session(node, address);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return new Visitor(
                reply.json().getString("contactToken"),
                reply.json().getJsonNumber("contactId").longValue());
    }

    static Reply start(Parley node, Visitor visitor, String key, Map<String, String> address) {
        Map<String, String> headers = new java.util.HashMap<>(address);
        headers.put("Idempotency-Key", key);
        return node.widget()
                .post("conversations", visitor.token(), headers, WidgetClient.form("Mallory", "m@example.com", "hi"));
    }

    @Test
    @Order(1)
    void aSessionFloodFromOneAddressEndsIn429AcrossBothNodesAndWritesNothingPastTheLimit() {
        Map<String, String> address = from();
        long contactsBefore = a.count("select count(*) from contact");
        List<Reply> replies = Race.run(SESSIONS * 4, i -> session(i % 2 == 0 ? a : b, address));
        assertThat(replies).allSatisfy(reply -> assertThat(reply.status()).isIn(201, 429));
        assertThat(replies.stream().filter(reply -> reply.status() == 201)).hasSize(SESSIONS);
        Reply limited = replies.stream()
                .filter(reply -> reply.status() == 429)
                .findFirst()
                .orElseThrow();
        assertThat(limited.header("Content-Type")).startsWith("application/problem+json");
        assertThat(Long.parseLong(limited.header("Retry-After"))).isPositive();
        assertThat(limited.json().getString("type")).isEqualTo("urn:parley:problem:rate-limited");
        assertThat(a.count("select count(*) from contact")).isEqualTo(contactsBefore + SESSIONS);
        assertThat(session(a, from()).status())
                .as("another address is not limited")
                .isEqualTo(201);
    }

    @Test
    @Order(2)
    void startsOfOneVisitorAreLimitedOnBothNodesButAStoredKeyStillReplays() {
        Map<String, String> address = from();
        Visitor visitor = visitor(a, address);
        Reply first = start(a, visitor, "k-1", address);
        assertThat(first.status()).isEqualTo(201);
        assertThat(start(b, visitor, "k-2", address).status()).isEqualTo(200);
        assertThat(start(a, visitor, "k-3", address).status()).isEqualTo(200);
        long messages = a.count("select count(*) from message where conversation_id = ?", first.id());

        Reply limited = start(b, visitor, "k-4", address);
        assertThat(limited.status()).as("the fourth start, on the other node").isEqualTo(429);
        assertThat(limited.header("Retry-After")).isNotBlank();
        Reply replay = start(a, visitor, "k-3", address);
        assertThat(replay.status())
                .as("a retry of a start that succeeded is answered")
                .isEqualTo(200);
        assertThat(replay.replayed()).isTrue();
        assertThat(replay.id()).isEqualTo(first.id());
        assertThat(a.count("select count(*) from message where conversation_id = ?", first.id()))
                .as("nothing written past the limit")
                .isEqualTo(messages);
        assertThat(a.count("select count(*) from idempotency_record where contact_id = ?", visitor.contactId()))
                .as("only the newest keys are kept")
                .isEqualTo(2);
    }

    @Test
    @Order(3)
    void messagesOfOneVisitorAreLimitedButARetriedEchoIdIsAnswered() {
        Map<String, String> address = from();
        Visitor visitor = visitor(a, address);
        long conversation = start(a, visitor, "m", address).id();
        List<Reply> posted = new java.util.ArrayList<>();
        for (int i = 0; i < MESSAGES + 3; i++) {
            posted.add(a.widget()
                    .post(
                            "conversations/" + conversation + "/messages",
                            visitor.token(),
                            address,
                            "{\"content\":\"flood " + i + "\",\"echoId\":\"e-" + i + "\"}"));
        }
        assertThat(posted.subList(0, MESSAGES))
                .allSatisfy(reply -> assertThat(reply.status()).isEqualTo(201));
        assertThat(posted.subList(MESSAGES, posted.size()))
                .allSatisfy(reply -> assertThat(reply.status()).isEqualTo(429));
        assertThat(a.count("select count(*) from message where conversation_id = ?", conversation))
                .isEqualTo(1 + MESSAGES);
        Reply retried = b.widget()
                .post(
                        "conversations/" + conversation + "/messages",
                        visitor.token(),
                        address,
                        "{\"content\":\"flood 0\",\"echoId\":\"e-0\"}");
        assertThat(retried.status()).as("the retry of a stored message").isEqualTo(200);
    }

    @Test
    @Order(4)
    void aSocketThatNeverSaysHelloIsClosedWith1008() {
        SocketClient silent = SocketClient.open(a);
        assertThat(silent.awaitClose().getCloseCode()).isEqualTo(CloseCodes.VIOLATED_POLICY);
    }

    @Test
    @Order(5)
    void socketsOfOneVisitorAndTypingFloodsAreClosedWith1008() {
        Map<String, String> address = from();
        Visitor visitor = visitor(a, address);
        SocketClient typing = null;
        for (int i = 0; i < SOCKETS_PER_CONTACT; i++) {
            typing = SocketClient.open(i % 2 == 0 ? a : b);
            typing.hello(visitor.token());
            typing.awaitReady();
        }
        SocketClient third = SocketClient.open(b);
        third.hello(visitor.token());
        assertThat(third.awaitClose().getCloseCode()).isEqualTo(CloseCodes.VIOLATED_POLICY);
        assertThat(third.frames("ready")).isEmpty();

        for (int i = 0; i <= TYPING; i++) {
            typing.send("{\"type\":\"typing.on\",\"conversationId\":1}");
        }
        assertThat(typing.awaitClose().getCloseCode()).isEqualTo(CloseCodes.VIOLATED_POLICY);
    }

    @Test
    @Order(6)
    void socketHandshakesFromOneAddressEndAt429() {
        // the server's own count of this address's handshakes, whatever earlier tests opened
        while (socketHandshakesCounted() < SOCKETS_PER_ADDRESS) {
            SocketClient.open(socketHandshakesCounted() % 2 == 0 ? a : b).close();
        }
        assertThatThrownBy(() -> SocketClient.open(a))
                .as("handshake over the per-address limit")
                .isInstanceOf(IllegalStateException.class)
                .rootCause()
                .hasMessageContaining("429");
        assertThat(socketHandshakesCounted()).isEqualTo(SOCKETS_PER_ADDRESS + 1);
    }

    static long socketHandshakesCounted() {
        return a.count("select coalesce(sum(hits), 0) from rate_limit where bucket = 'socket-per-address:127.0.0.1'");
    }

    @Test
    @Order(7)
    void contextReportsOfOneVisitorAreLimitedOnBothNodesAndStoreNothingPastTheLimit() {
        Visitor visitor = visitor(a, from());
        List<Reply> reports = new java.util.ArrayList<>();
        for (int i = 0; i < CONTEXTS + 2; i++) {
            reports.add((i % 2 == 0 ? a : b)
                    .widget()
                    .send((i % 2 == 0 ? a : b)
                            .widget()
                            .request("context", visitor.token(), Map.of("Content-Type", "application/json"))
                            .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(
                                    "{\"url\":\"https://shop.example/page-" + i + "\"}"))
                            .build()));
        }
        assertThat(reports.subList(0, CONTEXTS))
                .allSatisfy(
                        reply -> assertThat(reply.status()).as(reply.toString()).isEqualTo(200));
        assertThat(reports.subList(CONTEXTS, reports.size())).allSatisfy(reply -> {
            assertThat(reply.status()).as(reply.toString()).isEqualTo(429);
            assertThat(reply.header("Retry-After")).isNotBlank();
        });
        assertThat(a.count(
                        "select count(*) from contact where id = ? and context_url = ?",
                        visitor.contactId(),
                        "https://shop.example/page-" + (CONTEXTS - 1)))
                .as("the last report under the limit stays")
                .isEqualTo(1);
    }
}
