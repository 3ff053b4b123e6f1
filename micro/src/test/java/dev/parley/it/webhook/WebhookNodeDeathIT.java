package dev.parley.it.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.it.support.Parley;
import dev.parley.it.support.ParleyServer;
import dev.parley.it.support.ParleyServer.Node;
import dev.parley.it.support.Reply;
import dev.parley.it.support.TestDatabase;
import dev.parley.it.support.WidgetClient;
import dev.parley.it.webhook.WebhookReceiver.Received;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A node killed with {@code kill -9} while it posts a committed event (the receiver holds the request) leaves
 * the delivery leased in the database; when the lease runs out another node on the same PostgreSQL delivers
 * it, with the same webhook-id and a valid signature.
 */
class WebhookNodeDeathIT {

    static final String DATABASE = "parley_webhook_death";

    private final List<Parley> nodes = new ArrayList<>();

    static Node node(String name) {
        List<String> options = new ArrayList<>(ParleyServer.WEBHOOK_TEST_SETTINGS);
        options.add("-Dparley.webhooks.lease=PT12S");
        return new Node(name, 0, DATABASE, options, List.of("--nohazelcast"), Map.of());
    }

    @Test
    void anEventWhoseNodeDiedMidDeliveryIsDeliveredByAnotherNodeWithTheSameId() throws Exception {
        TestDatabase.create(DATABASE);
        Parley first = start("webhook-node-a");
        CountDownLatch killed = new CountDownLatch(1);
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            receiver.answer(request -> {
                if (receiver.received().size() == 1) {
                    try {
                        killed.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return 200;
            });
            Reply created =
                    first.agent().post("webhooks", WebhooksIT.endpoint(receiver.url(), List.of("message.created")));
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            String secret = created.json().getString("secret");

            WidgetClient widget = first.widget();
            Reply started = widget.start(
                    widget.newVisitor(),
                    UUID.randomUUID().toString(),
                    WidgetClient.form("Kill Visitor", "kill@example.com", "hello before the crash"));
            assertThat(started.status()).as(started.toString()).isEqualTo(201);

            await("node A posts the event")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> !receiver.received().isEmpty());
            first.process().destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL: no shutdown of any kind
            killed.countDown();
            assertThat(first.count("select count(*) from webhook_delivery where status = 'DELIVERING'"))
                    .as("the dead node's lease is still in the database")
                    .isEqualTo(1);

            Parley second = start("webhook-node-b");
            await("node B delivers once the lease ran out")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> second.count("select count(*) from webhook_delivery where status = 'DELIVERED'") == 1);
            List<Received> received = receiver.received();
            assertThat(received).hasSize(2);
            assertThat(received.get(1).id()).isEqualTo(received.get(0).id());
            assertThat(received.get(1).body()).isEqualTo(received.get(0).body());
            assertThat(received.get(1).signedWith(secret)).isTrue();
            assertThat(received.get(1).data().getJsonObject("message").getString("content"))
                    .isEqualTo("hello before the crash");
        }
    }

    private Parley start(String name) {
        Parley node = ParleyServer.boot(node(name));
        nodes.add(node);
        return node;
    }

    @AfterEach
    void stop() {
        nodes.forEach(Parley::stop);
    }
}
