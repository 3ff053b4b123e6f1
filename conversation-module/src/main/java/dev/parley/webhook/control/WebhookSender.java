package dev.parley.webhook.control;

import dev.parley.webhook.entity.ClaimedDelivery;
import dev.parley.webhook.entity.DeliveryOutcome;
import dev.parley.webhook.entity.WebhookSignature;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Posts one claimed delivery the Standard Webhooks way ({@code webhook-id}, {@code webhook-timestamp},
 * {@code webhook-signature}), outside any transaction, with the configured timeout to connect and again to
 * answer, and without following redirects (a redirect is a failure, as is any answer but 2xx). The target is
 * checked again just before, so a host that now resolves to a private address is refused (DNS rebinding). Never
 * logs the secret or the body; reads at most {@link #ANSWER_LIMIT} bytes of an answer.
 *
 * <p>A post blocks its caller: the {@link DeliveryWorker} runs lines in parallel on threads of its own, and
 * {@link HttpURLConnection} writes and reads the socket in that thread, keeping connections alive between posts.
 * Not the JDK's {@code HttpClient}: its selector thread and the hand-offs between its threads cost about 0.75 ms
 * of CPU per post on this project's machine, more than the post itself, and its {@code sendAsync} starts a new
 * thread per response where the common pool has a parallelism of 1 (docs/BENCHMARKS.md).
 */
@ApplicationScoped
public class WebhookSender {

    /** What is read of an answer, so the connection can be kept alive; a longer answer closes it. */
    static final int ANSWER_LIMIT = 64 * 1024;

    @Inject
    WebhookSettings settings;

    @Inject
    WebhookTargets targets;

    public DeliveryOutcome post(ClaimedDelivery delivery) {
        URI target = URI.create(delivery.url());
        String refusal = targets.refusal(target).orElse(null);
        if (refusal != null) {
            return DeliveryOutcome.unreachable("target refused: url " + refusal);
        }
        long timestamp = Instant.now().getEpochSecond();
        String signature = WebhookSignature.sign(delivery.secret(), delivery.eventId(), timestamp, delivery.body());
        byte[] body = delivery.body().getBytes(StandardCharsets.UTF_8);
        try {
            try {
                return DeliveryOutcome.answered(send(target, delivery.eventId(), timestamp, signature, body));
            } catch (IOException failure) {
                if (!closedUnderfoot(failure)) {
                    throw failure;
                }
                return DeliveryOutcome.answered(send(target, delivery.eventId(), timestamp, signature, body));
            }
        } catch (SocketTimeoutException timeout) {
            return DeliveryOutcome.unreachable("timed out");
        } catch (IOException | IllegalArgumentException failure) {
            return DeliveryOutcome.unreachable(failure.getClass().getSimpleName()
                    + (failure.getMessage() == null ? "" : ": " + failure.getMessage()));
        }
    }

    private int send(URI target, String eventId, long timestamp, String signature, byte[] body) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) target.toURL().openConnection();
        int timeout = (int) Math.min(Integer.MAX_VALUE, settings.timeout().toMillis());
        connection.setConnectTimeout(timeout);
        connection.setReadTimeout(timeout);
        connection.setInstanceFollowRedirects(false);
        connection.setUseCaches(false);
        connection.setDoOutput(true);
        connection.setRequestMethod("POST");
        connection.setFixedLengthStreamingMode(body.length);
        connection.setRequestProperty("Content-Type", "application/json");
        connection.setRequestProperty("User-Agent", "Parley-Webhooks/1");
        connection.setRequestProperty("webhook-id", eventId);
        connection.setRequestProperty("webhook-timestamp", String.valueOf(timestamp));
        connection.setRequestProperty("webhook-signature", signature);
        try (OutputStream out = connection.getOutputStream()) {
            out.write(body);
        }
        int status = connection.getResponseCode();
        try (InputStream answer = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
            if (answer != null && answer.readNBytes(ANSWER_LIMIT).length == ANSWER_LIMIT && answer.read() != -1) {
                connection.disconnect(); // longer than anyone needs: not kept alive
            }
        } catch (IOException unreadable) {
            // the status came; the answer's body does not matter
        }
        return status;
    }

    /**
     * An I/O failure before any answer, neither a timeout nor a refused connection: most often a kept-alive
     * connection the receiver closed as it was reused. The post is sent once more at once (same webhook-id, so
     * a receiver that did get it deduplicates) instead of waiting for the first retry.
     */
    private static boolean closedUnderfoot(IOException failure) {
        return !(failure instanceof SocketTimeoutException) && !(failure instanceof ConnectException);
    }
}
