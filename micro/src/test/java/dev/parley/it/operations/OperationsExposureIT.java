package dev.parley.it.operations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.it.support.Parley;
import dev.parley.it.support.ParleyServer;
import dev.parley.it.support.ParleyServer.Node;
import dev.parley.it.support.Reply;
import dev.parley.it.support.Scrape;
import dev.parley.it.support.WidgetClient;
import dev.parley.it.support.WidgetClient.Visitor;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * With the shipped default of {@code parley.operations.allowed-addresses} (none), {@code /metrics} and
 * {@code /health} answer loopback and the trusted proxies themselves, and nobody a proxy forwards. A
 * node of its own, behind a trusted proxy on loopback ({@code X-Forwarded-For} counts), with a start
 * limit of one per visitor so that a refusal by a limit shows in the metrics.
 */
class OperationsExposureIT {

    static final String OUTSIDE = "203.0.113.7";

    static Parley node;

    @BeforeAll
    static void boot() {
        node = ParleyServer.boot(new Node(
                "exposure",
                0,
                null,
                List.of("-Dparley.trusted-proxies=127.0.0.1", "-Dparley.limits.start-per-contact=1/PT1H"),
                List.of("--nohazelcast"),
                Map.of()));
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.stop();
        }
    }

    @Test
    void metricsAndHealthAnswerLoopbackAndTheProxyButNotTheClientsItForwards() {
        for (String path : List.of("metrics", "metrics?scope=application", "health", "health/ready")) {
            Reply direct = get(path, Map.of());
            Reply forwarded = get(path, Map.of("X-Forwarded-For", OUTSIDE));

            assertThat(direct.status()).as(path + ": " + direct).isEqualTo(200);
            assertThat(forwarded.status()).as(path + ": " + forwarded).isEqualTo(404);
            assertThat(forwarded.header("Content-Type")).startsWith("application/problem+json");
            assertThat(forwarded.body()).doesNotContain("parley_", "UP");
        }
    }

    @Test
    void aStartRefusedByALimitCountsAsRefusedAndInTheLimitsCounter() {
        WidgetClient widget = node.widget();
        Visitor visitor = widget.newVisitor();
        Scrape before = Scrape.of(node);

        Reply first = widget.start(visitor, "a", WidgetClient.form("Lou", "lou@example.com", "Hello"));
        Reply retry = widget.start(visitor, "a", WidgetClient.form("Lou", "lou@example.com", "Hello"));
        Reply limited = widget.start(visitor, "b", WidgetClient.form("Lou", "lou@example.com", "Again"));

        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        assertThat(retry.replayed())
                .as("a retry over the limit still gets its stored answer")
                .isTrue();
        assertThat(limited.status()).as(limited.toString()).isEqualTo(429);
        Scrape after = Scrape.of(node);
        assertThat(MetricsIT.delta(before, after, "parley_conversation_starts_total", "outcome", "created"))
                .isEqualTo(1);
        assertThat(MetricsIT.delta(before, after, "parley_conversation_starts_total", "outcome", "replayed"))
                .isEqualTo(1);
        assertThat(MetricsIT.delta(before, after, "parley_conversation_starts_total", "outcome", "refused"))
                .isEqualTo(1);
        assertThat(MetricsIT.delta(before, after, "parley_rate_limit_refusals_total", "limit", "start-per-contact"))
                .isEqualTo(2);
    }

    static Reply get(String path, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(node.uri(path)).GET();
        headers.forEach(request::header);
        return node.widget().send(request.build());
    }
}
