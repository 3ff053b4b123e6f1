package dev.parley.bench.drill;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;

/**
 * What the clients saw, tallied across threads: answers by operation and status (a connection
 * error or a client timeout counts as a status of its own), 503s without {@code Retry-After},
 * bodies of 5xx answers other than 503 (kept as evidence), answers that look like a stack trace,
 * latencies per operation, and the first and last moment any request failed.
 */
final class Outcomes {

    static final String CONNECTION_ERROR = "conn-error";
    static final String CLIENT_TIMEOUT = "timeout";

    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private final Map<String, List<Long>> latencies = new ConcurrentHashMap<>();
    private final List<String> serverErrors = Collections.synchronizedList(new ArrayList<>());
    private final List<String> bare503 = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong unavailableWithoutRetryAfter = new AtomicLong();
    private final AtomicLong stackTraces = new AtomicLong();
    private final LongAccumulator firstFailure = new LongAccumulator(Math::min, Long.MAX_VALUE);
    private final LongAccumulator lastFailure = new LongAccumulator(Math::max, Long.MIN_VALUE);
    private final LongAccumulator maxLatency = new LongAccumulator(Math::max, 0);
    private final long createdMillis = System.currentTimeMillis();

    /** Records one answer of {@code operation}, sent at {@code sentNanos}. */
    void answered(String operation, HttpResponse<String> response, long sentNanos) {
        long took = System.nanoTime() - sentNanos;
        int status = response.statusCode();
        count(operation + " " + status);
        latencies
                .computeIfAbsent(operation, o -> Collections.synchronizedList(new ArrayList<>()))
                .add(took);
        maxLatency.accumulate(took);
        String body = response.body() == null ? "" : response.body();
        if (status == 503 && response.headers().firstValue("Retry-After").isEmpty()) {
            unavailableWithoutRetryAfter.incrementAndGet();
            if (bare503.size() < 5) {
                bare503.add(operation + " "
                        + response.headers().firstValue("Content-Type").orElse("-") + " "
                        + body.replace('\n', ' ').substring(0, Math.min(200, body.length())));
            }
        }
        if (body.contains("\tat ")
                || body.contains("at dev.parley.")
                || body.contains("Exception:")
                || body.contains("at java.")
                || body.contains("at org.")) {
            stackTraces.incrementAndGet();
        }
        if (status >= 500 && status != 503 && serverErrors.size() < 20) {
            serverErrors.add(String.format(
                    "%s %d at +%.1f s, %s, body [%s]",
                    operation,
                    status,
                    (System.currentTimeMillis() - createdMillis) / 1000.0,
                    response.headers().firstValue("Content-Type").orElse("no Content-Type"),
                    body.replace('\n', ' ').substring(0, Math.min(300, body.length()))));
        }
        if (status >= 400) {
            failed();
        }
    }

    /** Records a request that got no answer: its outcome is unknown. Returns the status word used. */
    String unanswered(String operation, IOException failure, long sentNanos) {
        String what = failure instanceof HttpTimeoutException ? CLIENT_TIMEOUT : CONNECTION_ERROR;
        count(operation + " " + what);
        maxLatency.accumulate(System.nanoTime() - sentNanos);
        failed();
        return what;
    }

    void count(String key) {
        counts.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
    }

    private void failed() {
        long now = System.currentTimeMillis();
        firstFailure.accumulate(now);
        lastFailure.accumulate(now);
    }

    long count(String operation, String status) {
        AtomicLong count = counts.get(operation + " " + status);
        return count == null ? 0 : count.get();
    }

    /** Answers with a 5xx status other than 503, over every operation. */
    long serverErrors() {
        return counts.entrySet().stream()
                .filter(e -> {
                    String status = e.getKey().substring(e.getKey().lastIndexOf(' ') + 1);
                    return status.matches("5\\d\\d") && !status.equals("503");
                })
                .mapToLong(e -> e.getValue().get())
                .sum();
    }

    /** The first bodies of 5xx answers other than 503, as evidence. */
    List<String> serverErrorSamples() {
        synchronized (serverErrors) {
            return List.copyOf(serverErrors);
        }
    }

    long unavailableWithoutRetryAfter() {
        return unavailableWithoutRetryAfter.get();
    }

    long stackTraces() {
        return stackTraces.get();
    }

    double maxLatencyMillis() {
        return maxLatency.get() / 1e6;
    }

    Optional<long[]> failureWindow() {
        long first = firstFailure.get();
        return first == Long.MAX_VALUE ? Optional.empty() : Optional.of(new long[] {first, lastFailure.get()});
    }

    double percentileMillis(String operation, double percentile) {
        List<Long> values = latencies.get(operation);
        if (values == null || values.isEmpty()) {
            return Double.NaN;
        }
        long[] sorted;
        synchronized (values) {
            sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
        }
        int index = (int) Math.min(sorted.length - 1, Math.ceil(percentile / 100.0 * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }

    /** One line per operation and status, sorted, then the evidence lines. */
    void write(PrintWriter out) {
        new TreeMap<>(counts).forEach((key, value) -> out.println("count " + key + " " + value.get()));
        out.println("unavailable-without-retry-after " + unavailableWithoutRetryAfter.get());
        out.println("stack-traces " + stackTraces.get());
        out.println("max-latency-ms " + String.format("%.0f", maxLatencyMillis()));
        failureWindow().ifPresent(w -> out.println("failure-window-ms " + w[0] + " " + w[1]));
        new TreeMap<>(latencies)
                .keySet()
                .forEach(op -> out.println(String.format(
                        "latency %s p50=%.1f p99=%.1f max=%.1f",
                        op.replace(' ', '-'),
                        percentileMillis(op, 50),
                        percentileMillis(op, 99),
                        percentileMillis(op, 100))));
        synchronized (serverErrors) {
            serverErrors.forEach(error -> out.println("server-error " + error));
        }
        synchronized (bare503) {
            bare503.forEach(answer -> out.println("unavailable-without-retry-after-sample " + answer));
        }
    }

    /** A human summary: "start: 201=340 503=12 conn-error=3; message: 201=1020". */
    String summary() {
        Map<String, StringBuilder> byOperation = new TreeMap<>();
        new TreeMap<>(counts).forEach((key, value) -> {
            int space = key.lastIndexOf(' ');
            byOperation
                    .computeIfAbsent(key.substring(0, space), o -> new StringBuilder())
                    .append(' ')
                    .append(key.substring(space + 1))
                    .append('=')
                    .append(value.get());
        });
        StringBuilder text = new StringBuilder();
        byOperation.forEach((op, statuses) -> text.append(text.length() == 0 ? "" : "; ")
                .append(op)
                .append(':')
                .append(statuses));
        return text.toString();
    }
}
