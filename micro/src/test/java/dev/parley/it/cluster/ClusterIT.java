package dev.parley.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.PartitionGroupConfig.MemberGroupType;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.parley.cluster.control.EventSignatures;
import dev.parley.it.support.Parley;
import dev.parley.it.support.ParleyServer;
import dev.parley.it.support.ParleyServer.Node;
import dev.parley.it.support.Race;
import dev.parley.it.support.Reply;
import dev.parley.it.support.SocketClient;
import dev.parley.it.support.TestDatabase;
import dev.parley.it.support.WidgetClient;
import dev.parley.it.support.WidgetClient.Visitor;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two Payara Micro nodes forming a Hazelcast cluster on loopback, one PostgreSQL: the promise
 * holds across nodes, events committed on one node reach WebSockets on the other, events forged
 * by a stranger on the grid reach nobody, and a node's death loses nothing. The last test kills
 * node B.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    static final String DATABASE = "parley_cluster";
    static final String CLUSTER_NAME = "parley-it-" + ProcessHandle.current().pid();
    /** The secret both nodes share, new for every run. */
    static final String SECRET = randomSecret();

    static Parley a;
    static Parley b;
    static int gridA;
    static int gridB;

    static String randomSecret() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    @BeforeAll
    static void twoNodes() throws IOException {
        TestDatabase.create(DATABASE);
        gridA = ParleyServer.freePort();
        gridB = ParleyServer.freePort();
        String members = "tcpip:127.0.0.1:" + gridA + ",127.0.0.1:" + gridB;
        CompletableFuture<Parley> first =
                CompletableFuture.supplyAsync(() -> ParleyServer.boot(node("cluster-a", gridA, members)));
        CompletableFuture<Parley> second =
                CompletableFuture.supplyAsync(() -> ParleyServer.boot(node("cluster-b", gridB, members)));
        a = first.join();
        b = second.join();
        await("both nodes see a two-member cluster")
                .atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> members(a) == 2 && members(b) == 2);
    }

    static Node node(String name, int gridPort, String members) {
        return new Node(
                name,
                0,
                DATABASE,
                List.of("-Dhazelcast.socket.bind.any=false"),
                List.of(
                        "--clustermode",
                        members,
                        "--interfaces",
                        "127.0.0.1",
                        "--startport",
                        String.valueOf(gridPort),
                        "--clustername",
                        CLUSTER_NAME),
                Map.of("PARLEY_EVENTS_TRANSPORT", "hazelcast", "PARLEY_CLUSTER_SECRET", SECRET));
    }

    static int members(Parley node) {
        return (int) clusterData(node, "members");
    }

    /** Grid events the node dropped for a missing or wrong signature, as its {@code /health/ready} reports. */
    static long rejectedEvents(Parley node) {
        return clusterData(node, "rejectedEvents");
    }

    static long clusterData(Parley node, String name) {
        Reply health = node.widget()
                .send(HttpRequest.newBuilder(node.uri("health/ready")).GET().build());
        return health.json().getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .filter(check -> check.getString("name").equals("cluster"))
                .mapToLong(check -> Long.parseLong(
                        check.getJsonObject("data").get(name).toString().replace("\"", "")))
                .findFirst()
                .orElse(-1);
    }

    @AfterAll
    static void stop() {
        List.of(a, b).forEach(node -> {
            if (node != null) {
                node.stop();
            }
        });
    }

    @Test
    @Order(1)
    void twoHundredStartsSplitAcrossNodesWithOneKeyMakeOneConversation() {
        Visitor visitor = a.widget().newVisitor();
        String form = WidgetClient.form("Ann", "ann@example.com", "Two nodes, one chat");

        List<Reply> replies = Race.run(200, i -> (i % 2 == 0 ? a : b).widget().start(visitor, "one-key", form));

        assertThat(replies)
                .allSatisfy(r -> assertThat(r.status()).as(r.toString()).isIn(201, 409));
        List<Reply> answered = replies.stream().filter(r -> r.status() == 201).toList();
        assertThat(answered.stream().map(Reply::id).collect(Collectors.toSet())).hasSize(1);
        assertThat(answered.stream().filter(r -> !r.replayed()).count()).isEqualTo(1);
        assertThat(a.count("select count(*) from conversation where contact_id = ?", visitor.contactId()))
                .isEqualTo(1);
    }

    @Test
    @Order(2)
    void twoHundredStartsSplitAcrossNodesWithManyKeysShareOneConversation() {
        Visitor visitor = a.widget().newVisitor();
        String form = WidgetClient.form("Bob", "bob@example.com", "Hello from everywhere");

        List<Reply> replies = Race.run(200, i -> (i % 2 == 0 ? a : b).widget().start(visitor, "key-" + i, form));

        assertThat(replies)
                .allSatisfy(r -> assertThat(r.status()).as(r.toString()).isIn(200, 201));
        assertThat(replies.stream().map(Reply::id).collect(Collectors.toSet())).hasSize(1);
        assertThat(a.count("select count(*) from conversation where contact_id = ?", visitor.contactId()))
                .isEqualTo(1);
        assertThat(a.count("select count(*) from idempotency_record where contact_id = ?", visitor.contactId()))
                .as("every key was recorded, and a visitor keeps its newest 100 (the default cap)")
                .isEqualTo(100);
    }

    @Test
    @Order(2)
    void aHundredKeysSplitAcrossNodesAreAnsweredTogetherAndEachReplaysItsFirstAnswer() {
        Visitor visitor = a.widget().newVisitor();
        String form = WidgetClient.form("Cleo", "cleo@example.com", "Coalesced on two nodes");

        List<Reply> first = Race.run(100, i -> (i % 2 == 0 ? a : b).widget().start(visitor, "pair-" + i, form));
        List<Reply> again = Race.run(100, i -> (i % 2 == 0 ? b : a).widget().start(visitor, "pair-" + i, form));

        assertThat(first)
                .allSatisfy(r -> assertThat(r.status()).as(r.toString()).isIn(200, 201));
        assertThat(first.stream().filter(r -> r.status() == 201).count()).isEqualTo(1);
        assertThat(first.stream().map(Reply::id).collect(Collectors.toSet())).hasSize(1);
        for (int i = 0; i < 100; i++) {
            assertThat(again.get(i).replayed()).as(again.get(i).toString()).isTrue();
            assertThat(again.get(i).status()).isEqualTo(first.get(i).status());
            assertThat(again.get(i).body()).isEqualTo(first.get(i).body());
        }
        assertThat(a.count("select count(*) from conversation where contact_id = ?", visitor.contactId()))
                .isEqualTo(1);
        assertThat(a.count(
                        "select count(*) from message m join conversation c on c.id = m.conversation_id"
                                + " where c.contact_id = ?",
                        visitor.contactId()))
                .isEqualTo(1);
    }

    @Test
    @Order(3)
    void repliesWrittenOnOneNodeReachAWidgetOnTheOtherInOrder() {
        Visitor visitor = a.widget().newVisitor();
        long conversation = a.widget()
                .start(visitor, "k", WidgetClient.form("Cy", "cy@example.com", "Hi"))
                .id();
        try (SocketClient socket = SocketClient.connect(b, visitor.token())) {
            Reply first = a.agent().reply(conversation, "reply 0");
            assertThat(first.status()).isEqualTo(201);
            socket.awaitFrame(frame -> isMessage(frame, first.id()), "the first reply, pushed through the grid");

            for (int i = 1; i < 500; i++) {
                assertThat(a.widget()
                                .post(
                                        "conversations/" + conversation + "/messages",
                                        visitor.token(),
                                        Map.of(),
                                        "{\"content\":\"message " + i + "\"}")
                                .status())
                        .isEqualTo(201);
            }

            await("500 messages on node B")
                    .atMost(Duration.ofMinutes(1))
                    .until(() -> socket.messageEvents().size() >= 500);
            List<Long> ids =
                    socket.messageEvents().stream().map(ClusterIT::messageId).toList();
            assertThat(ids).hasSize(500).doesNotHaveDuplicates().isSorted();
        }
    }

    /**
     * A third Hazelcast member, started here as anyone who reaches the grid port could, publishes
     * on the widget topic a fake agent message signed with a wrong secret and an unsigned re-keying
     * of the visitor's sockets onto another contact. Both nodes drop both; the visitor's socket
     * still belongs to the visitor, and its first and only message is the agent's real reply.
     */
    @Test
    @Order(4)
    void aForgedGridMessageChangesNothingAVisitorSees() throws Exception {
        Visitor visitor = a.widget().newVisitor();
        long conversation = a.widget()
                .start(visitor, "k", WidgetClient.form("Fay", "fay@example.com", "Hi"))
                .id();
        Visitor victim = a.widget().newVisitor();
        String fakeReply = "{\"type\":\"message.created\",\"conversationId\":" + conversation
                + ",\"message\":{\"id\":999999999,\"conversationId\":" + conversation
                + ",\"authorType\":\"AGENT\",\"author\":\"Support\",\"content\":\"FORGED: log in at evil.example\"}}";
        String moveSockets = "{\"type\":\"contact.merged\",\"into\":" + victim.contactId() + "}";
        long rejectedOnA = rejectedEvents(a);
        long rejectedOnB = rejectedEvents(b);
        AtomicReference<JsonObject> firstMessage = new AtomicReference<>();
        CountDownLatch messageArrived = new CountDownLatch(1);
        HazelcastInstance intruder = null;
        try (SocketClient socket = SocketClient.connect(b, visitor.token())) {
            socket.onFrame(frame -> {
                if (!"ready".equals(frame.getString("type", null)) && firstMessage.compareAndSet(null, frame)) {
                    messageArrived.countDown();
                }
            });
            intruder = Hazelcast.newHazelcastInstance(intruder());
            await("the intruder joined the grid")
                    .atMost(Duration.ofMinutes(1))
                    .until(() -> members(a) == 3 && members(b) == 3);

            intruder.getTopic("parley.widget")
                    .publish(EventSignatures.withSecret("not-the-cluster-secret-but-long-enough", Clock.systemUTC())
                            .seal("parley.widget", visitor.contactId() + "\n" + fakeReply));
            intruder.getTopic("parley.widget").publish(visitor.contactId() + "\n" + moveSockets);

            await("both nodes dropped both forged events")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> rejectedEvents(a) == rejectedOnA + 2 && rejectedEvents(b) == rejectedOnB + 2);
            Reply reply = a.agent().reply(conversation, "the real reply");
            assertThat(reply.status()).isEqualTo(201);

            assertThat(messageArrived.await(SocketClient.TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                    .as("the real reply reached the visitor's socket, which the forgery did not move")
                    .isTrue();
            assertThat(isMessage(firstMessage.get(), reply.id()))
                    .as("the first frame after ready is the real reply: " + firstMessage.get())
                    .isTrue();
            assertThat(socket.frames())
                    .as("ready, then the real reply, and nothing else")
                    .hasSize(2);
            assertThat(socket.rawFrames()).noneMatch(frame -> frame.contains("FORGED"));
            assertThat(rejectedEvents(a)).isEqualTo(rejectedOnA + 2);
            assertThat(rejectedEvents(b)).isEqualTo(rejectedOnB + 2);
        } finally {
            if (intruder != null) {
                intruder.shutdown();
            }
        }
        await("the intruder left").atMost(Duration.ofMinutes(1)).until(() -> members(a) == 2 && members(b) == 2);
    }

    /**
     * A lite member (it holds no data) of the test cluster, joining as the nodes do: TCP on
     * loopback, and Payara's host-aware partition groups, which a joining member must match.
     */
    static Config intruder() throws IOException {
        Config config = new Config();
        config.setClusterName(CLUSTER_NAME);
        config.setInstanceName("intruder-" + ProcessHandle.current().pid());
        config.setLiteMember(true);
        config.getPartitionGroupConfig().setEnabled(true).setGroupType(MemberGroupType.HOST_AWARE);
        config.setProperty("hazelcast.socket.bind.any", "false");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "jdk");
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(ParleyServer.freePort()).setPortAutoIncrement(false);
        network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).addMember("127.0.0.1:" + gridA).addMember("127.0.0.1:" + gridB);
        return config;
    }

    @Test
    @Order(5)
    void whenANodeDiesItsVisitorsResyncAndItsStartsStayExactlyOnce() throws Exception {
        Visitor reader = a.widget().newVisitor();
        long conversation = a.widget()
                .start(reader, "k", WidgetClient.form("Di", "di@example.com", "Hi"))
                .id();
        Visitor starter = a.widget().newVisitor();
        String form = WidgetClient.form("Ed", "ed@example.com", "Started on a dying node");
        Map<Long, JsonObject> seen = new LinkedHashMap<>();
        long lastSeen;
        try (SocketClient onB = SocketClient.connect(b, reader.token());
                Connection lock = TestDatabase.connect(DATABASE)) {
            Reply before = a.agent().reply(conversation, "before the crash");
            onB.awaitFrame(frame -> isMessage(frame, before.id()), "a reply before the crash");
            onB.messageEvents().forEach(frame -> seen.put(messageId(frame), frame.getJsonObject("message")));
            lastSeen = before.id();

            lock.setAutoCommit(false);
            try (PreparedStatement hold = lock.prepareStatement("select id from contact where id = ? for update")) {
                hold.setLong(1, starter.contactId());
                hold.executeQuery();
            }
            CompletableFuture<Reply> inFlight = CompletableFuture.supplyAsync(() -> {
                try {
                    return b.widget().start(starter, "dying", form);
                } catch (UncheckedIOException | IllegalStateException connectionLost) {
                    return null;
                }
            });
            await("the start waits on node B for the contact lock")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> a.count(
                                    "select count(*) from pg_locks l join pg_stat_activity s on s.pid = l.pid"
                                            + " where not l.granted and s.datname = ?",
                                    DATABASE)
                            > 0);

            b.process().destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            lock.rollback();
            assertThat(inFlight.get(60, TimeUnit.SECONDS))
                    .as("the crashed node answered nothing")
                    .isNull();
        }

        for (int i = 0; i < 20; i++) {
            a.agent().reply(conversation, "while node B was down " + i);
        }
        try (SocketClient onA = SocketClient.connect(a, reader.token())) {
            JsonObject reply =
                    a.agent().reply(conversation, "after the reconnect").json();
            a.widget()
                    .get("conversations/" + conversation + "/messages?after=" + lastSeen, reader.token())
                    .array()
                    .getValuesAs(JsonObject.class)
                    .forEach(message ->
                            seen.putIfAbsent(message.getJsonNumber("id").longValue(), message));
            onA.awaitFrame(frame -> isMessage(frame, reply.getJsonNumber("id").longValue()), "live again on node A");
            onA.messageEvents().forEach(frame -> seen.putIfAbsent(messageId(frame), frame.getJsonObject("message")));
        }
        assertThat(seen.values().stream().map(m -> m.getString("content")).filter(c -> c.startsWith("while node B")))
                .hasSize(20)
                .doesNotHaveDuplicates();
        assertThat(a.count("select count(*) from message where conversation_id = ?", conversation))
                .isEqualTo(seen.size() + 1);

        Reply retried = a.widget().start(starter, "dying", form);
        assertThat(retried.status()).isEqualTo(201);
        assertThat(a.count("select count(*) from conversation where contact_id = ?", starter.contactId()))
                .isEqualTo(1);
    }

    static boolean isMessage(JsonObject frame, long id) {
        return "message.created".equals(frame.getString("type", null)) && messageId(frame) == id;
    }

    static long messageId(JsonObject frame) {
        return frame.getJsonObject("message").getJsonNumber("id").longValue();
    }
}
