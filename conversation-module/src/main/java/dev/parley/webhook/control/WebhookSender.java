package dev.parley.webhook.control;

import dev.parley.webhook.entity.ClaimedDelivery;
import dev.parley.webhook.entity.DeliveryOutcome;
import dev.parley.webhook.entity.WebhookSignature;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Posts one claimed delivery the Standard Webhooks way ({@code webhook-id}, {@code webhook-timestamp},
 * {@code webhook-signature}), outside any transaction, with the configured timeout and without following
 * redirects (a redirect is a failure, as is any answer but 2xx). The target is checked again just before, so
 * a host that now resolves to a private address is refused (DNS rebinding). Never logs the secret or the body.
 *
 * <p>A post blocks its caller ({@link HttpClient#send}); the {@link DeliveryWorker} runs lines in parallel on
 * threads of its own. Not {@code sendAsync}: it hands every response to {@code CompletableFuture}'s default
 * executor, and where the common pool has a parallelism of 1 (any machine with 2 cores) that executor starts a new
 * thread per task, one thread created and ended per webhook (docs/BENCHMARKS.md). {@code HttpURLConnection}
 * was tried instead: less CPU in Parley, but it keeps at most 5 idle connections per receiver (a JVM-wide
 * setting), so parallel lines opened new connections, and the benchmark's ratio was no better.
 *
 * <p>The client runs its internal tasks inline ({@code executor(Runnable::run)}), a configuration the JDK's
 * maintainers name for it: those tasks never block, and neither do the body publisher and the discarding body
 * handler used here. Its default, a cached pool of its own, cost a thread switch or more per post.
 */
@ApplicationScoped
public class WebhookSender {

    @Inject
    WebhookSettings settings;

    @Inject
    WebhookTargets targets;

    private HttpClient http;

    @PostConstruct
    void start() {
        http = HttpClient.newBuilder()
                .connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                // the client's own small non-blocking tasks run where they arise (its selector thread, the posting
                // thread) instead of being handed to a pool of its own, one thread switch or more per post
                .executor(Runnable::run)
                .build();
    }

    public DeliveryOutcome post(ClaimedDelivery delivery) {
        URI target = URI.create(delivery.url());
        String refusal = targets.refusal(target).orElse(null);
        if (refusal != null) {
            return DeliveryOutcome.unreachable("target refused: url " + refusal);
        }
        long timestamp = Instant.now().getEpochSecond();
        HttpRequest.Builder builder = HttpRequest.newBuilder(target);
        if ("http".equals(target.getScheme())) {
            // no h2c upgrade offer on every new connection: receivers answer plain HTTP/1.1 (HTTPS negotiates
            // HTTP/2 by ALPN when the receiver offers it)
            builder.version(HttpClient.Version.HTTP_1_1);
        }
        HttpRequest request = builder.timeout(settings.timeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "Parley-Webhooks/1")
                .header("webhook-id", delivery.eventId())
                .header("webhook-timestamp", String.valueOf(timestamp))
                .header(
                        "webhook-signature",
                        WebhookSignature.sign(delivery.secret(), delivery.eventId(), timestamp, delivery.body()))
                .POST(HttpRequest.BodyPublishers.ofString(delivery.body(), StandardCharsets.UTF_8))
                .build();
        try {
            try {
                return DeliveryOutcome.answered(send(request));
            } catch (IOException failure) {
                if (!closedUnderfoot(failure)) {
                    throw failure;
                }
                return DeliveryOutcome.answered(send(request));
            }
        } catch (HttpTimeoutException timeout) {
            return DeliveryOutcome.unreachable("timed out");
        } catch (IOException failure) {
            return DeliveryOutcome.unreachable(failure.getClass().getSimpleName()
                    + (failure.getMessage() == null ? "" : ": " + failure.getMessage()));
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
            return DeliveryOutcome.unreachable("interrupted: the node is stopping");
        }
    }

    private int send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /**
     * An I/O failure before any answer, neither a timeout nor a refused connection: most often a kept-alive
     * connection the receiver closed as it was reused. The post is sent once more at once (same webhook-id, so
     * a receiver that did get it deduplicates) instead of waiting for the first retry.
     */
    private static boolean closedUnderfoot(IOException failure) {
        return !(failure instanceof HttpTimeoutException) && !(failure instanceof ConnectException);
    }
}
