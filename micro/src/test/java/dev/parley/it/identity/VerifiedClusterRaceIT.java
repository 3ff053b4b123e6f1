package dev.parley.it.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.it.support.Parley;
import dev.parley.it.support.ParleyServer;
import dev.parley.it.support.ParleyServer.Node;
import dev.parley.it.support.Race;
import dev.parley.it.support.Reply;
import dev.parley.it.support.TestDatabase;
import dev.parley.it.support.WidgetClient;
import dev.parley.it.support.WidgetClient.Visitor;
import java.io.IOException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Cross-device exactly-once across nodes: one verified user on ten devices (tokens), made on both
 * nodes, clicks Start a hundred times at once, split across two Payara Micro nodes sharing one
 * PostgreSQL, each click with its own Idempotency-Key. Every device is the same contact, so the
 * contact row lock and the one-live-conversation constraint make it one conversation.
 */
class VerifiedClusterRaceIT {

    static final String DATABASE = "parley_identity_cluster";
    static final String CLUSTER_SECRET =
            HexFormat.of().formatHex(UUID.randomUUID().toString().getBytes());
    static Parley a;
    static Parley b;

    @BeforeAll
    static void twoNodes() throws IOException {
        TestDatabase.create(DATABASE);
        int gridA = ParleyServer.freePort();
        int gridB = ParleyServer.freePort();
        String members = "tcpip:127.0.0.1:" + gridA + ",127.0.0.1:" + gridB;
        CompletableFuture<Parley> first =
                CompletableFuture.supplyAsync(() -> ParleyServer.boot(node("identity-a", gridA, members)));
        CompletableFuture<Parley> second =
                CompletableFuture.supplyAsync(() -> ParleyServer.boot(node("identity-b", gridB, members)));
        a = first.join();
        b = second.join();
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
                        "parley-identity-it-" + ProcessHandle.current().pid()),
                Map.of("PARLEY_EVENTS_TRANSPORT", "hazelcast", "PARLEY_CLUSTER_SECRET", CLUSTER_SECRET));
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
    void aHundredStartsOfOneVerifiedUserOnTenDevicesAcrossTwoNodesMakeOneConversation() {
        String user = Inboxes.user();
        List<Visitor> devices = Race.run(10, i -> (i % 2 == 0 ? a : b).widget().verifiedVisitor(user));
        assertThat(devices.stream().map(Visitor::contactId).collect(Collectors.toSet()))
                .as("every device is the one contact of the user")
                .hasSize(1);
        long contactId = devices.get(0).contactId();
        assertThat(a.count("select count(*) from contact_token where contact_id = ?", contactId))
                .isEqualTo(10);
        String form = WidgetClient.form("Dee", "dee@example.com", "Hello from every device");

        List<Reply> replies =
                Race.run(100, i -> (i % 2 == 0 ? a : b).widget().start(devices.get(i % 10), "device-key-" + i, form));

        assertThat(replies)
                .allSatisfy(r -> assertThat(r.status()).as(r.toString()).isIn(200, 201));
        assertThat(replies.stream().map(Reply::id).collect(Collectors.toSet())).hasSize(1);
        assertThat(replies.stream().filter(r -> r.status() == 201).count()).isEqualTo(1);
        assertThat(a.count("select count(*) from conversation where contact_id = ?", contactId))
                .isEqualTo(1);
        long conversation = replies.get(0).id();
        IntStream.range(0, 10)
                .forEach(i -> assertThat(VerifiedSessionIT.ids((i % 2 == 0 ? a : b)
                                .widget()
                                .get("conversations", devices.get(i).token())))
                        .containsExactly(conversation));
    }
}
