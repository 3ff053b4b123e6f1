package dev.parley.webhook.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.parley.webhook.entity.ClaimedDelivery;
import dev.parley.webhook.entity.DeliveryOutcome;
import dev.parley.webhook.entity.WebhookSignature;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The sender against a real HTTP receiver on loopback: what it posts, what it makes of answers, what it refuses. */
class WebhookSenderTest {

    /** One request as the receiver saw it. */
    record Received(String id, String timestamp, String signature, String contentType, String body, int port) {}

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile int answer = 204;
    private volatile boolean hold;
    private HttpServer receiver;

    @BeforeEach
    void start() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            var headers = exchange.getRequestHeaders();
            received.add(new Received(
                    headers.getFirst("webhook-id"),
                    headers.getFirst("webhook-timestamp"),
                    headers.getFirst("webhook-signature"),
                    headers.getFirst("Content-Type"),
                    body,
                    exchange.getRemoteAddress().getPort()));
            if (hold) {
                try {
                    released.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            exchange.sendResponseHeaders(answer, -1);
            exchange.close();
        });
        receiver.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        receiver.start();
    }

    @AfterEach
    void stop() {
        released.countDown();
        receiver.stop(0);
    }

    private WebhookSender sender(boolean allowPrivateTargets, Duration timeout) {
        WebhookSettings settings = new WebhookSettings();
        settings.allowPrivateTargets = allowPrivateTargets;
        settings.timeout = timeout;
        WebhookTargets targets = new WebhookTargets();
        targets.settings = settings;
        WebhookSender sender = new WebhookSender();
        sender.settings = settings;
        sender.targets = targets;
        sender.start();
        return sender;
    }

    private ClaimedDelivery delivery(String eventId, String secret) {
        String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
        return new ClaimedDelivery(
                1L,
                2L,
                "conversation:3",
                url,
                secret,
                eventId,
                "{\"type\":\"message.created\",\"n\":\"é\"}",
                Instant.now().plusSeconds(60));
    }

    @Test
    void postsASignedEventAndReusesItsConnection() {
        String secret = WebhookSignature.newSecret();
        WebhookSender sender = sender(true, Duration.ofSeconds(5));

        DeliveryOutcome first = sender.post(delivery("evt_1", secret));
        DeliveryOutcome second = sender.post(delivery("evt_2", secret));

        assertThat(first.delivered()).as(first.toString()).isTrue();
        assertThat(first.responseCode()).isEqualTo(204);
        assertThat(second.delivered()).isTrue();
        assertThat(received).hasSize(2);
        Received one = received.get(0);
        assertThat(one.id()).isEqualTo("evt_1");
        assertThat(one.body()).isEqualTo("{\"type\":\"message.created\",\"n\":\"é\"}");
        assertThat(one.contentType())
                .as("JSON is UTF-8 by definition (RFC 8259)")
                .isEqualTo("application/json");
        assertThat(one.signature())
                .isEqualTo(WebhookSignature.sign(secret, "evt_1", Long.parseLong(one.timestamp()), one.body()));
        assertThat(received.get(1).port())
                .as("the second post reuses the kept-alive connection")
                .isEqualTo(one.port());
    }

    /** A redirect (302 here, with no Location to follow) is not followed: one request, a failure with its code. */
    @ParameterizedTest
    @ValueSource(ints = {500, 404, 302})
    void anAnswerOtherThan2xxIsAFailureWithItsCode(int code) {
        answer = code;

        DeliveryOutcome outcome =
                sender(true, Duration.ofSeconds(5)).post(delivery("evt_" + code, WebhookSignature.newSecret()));

        assertThat(outcome.attempted()).isTrue();
        assertThat(outcome.delivered()).isFalse();
        assertThat(outcome.responseCode()).isEqualTo(code);
        assertThat(received).hasSize(1);
    }

    @Test
    void aReceiverSlowerThanTheTimeoutTimesOut() {
        hold = true;

        DeliveryOutcome outcome =
                sender(true, Duration.ofMillis(300)).post(delivery("evt_5", WebhookSignature.newSecret()));

        assertThat(outcome.delivered()).isFalse();
        assertThat(outcome.responseCode()).isNull();
        assertThat(outcome.error()).isEqualTo("timed out");
    }

    @Test
    void aTargetThatResolvesToAnInternalAddressIsRefusedWithoutAConnection() {
        DeliveryOutcome outcome =
                sender(false, Duration.ofSeconds(5)).post(delivery("evt_6", WebhookSignature.newSecret()));

        assertThat(outcome.delivered()).isFalse();
        assertThat(outcome.error()).startsWith("target refused: url must not point at a loopback");
        assertThat(received).isEmpty();
    }
}
