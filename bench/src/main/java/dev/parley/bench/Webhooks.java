package dev.parley.bench;

import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonReader;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Issue 14's webhook benchmark: new visitors' starts per second without webhooks and then with one endpoint
 * subscribed to every event (a receiver in this process, on loopback), and each event's delivery lag: from
 * the change's time in the body ({@code timestamp}, taken in the transaction that wrote it) to its arrival.
 * Needs a server that allows loopback targets ({@code PARLEY_WEBHOOKS_ALLOW_PRIVATE_TARGETS=true}, as bench/run
 * sets).
 */
final class Webhooks {

    static final List<String> ALL_EVENTS = List.of(
            "conversation.created",
            "message.created",
            "conversation.status_changed",
            "conversation.merged",
            "conversation.unmerged",
            "conversation.assigned",
            "contact.updated");

    /** Without and with the endpoint, the lag of every event received, and how many arrived more than once. */
    record Run(Result without, Result with, Result lag, long duplicates) {}

    private final Visitors visitors;
    private final Scenarios scenarios;

    Webhooks(Visitors visitors, Scenarios scenarios) {
        this.visitors = visitors;
        this.scenarios = scenarios;
    }

    Run compare(int clients, Duration duration, String authorization) throws Exception {
        Result without = scenarios.newVisitorStarts(clients, duration);
        ConcurrentMap<String, Long> lagById = new ConcurrentHashMap<>();
        AtomicLong duplicates = new AtomicLong();
        Semaphore firstArrivals = new Semaphore(0);
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        receiver.setExecutor(threads);
        receiver.createContext("/hook", exchange -> {
            Instant arrived = Instant.now();
            byte[] body = exchange.getRequestBody().readAllBytes();
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            Instant changed;
            try (JsonReader reader = Json.createReader(new ByteArrayInputStream(body))) {
                changed = Instant.parse(reader.readObject().getString("timestamp"));
            }
            if (lagById.putIfAbsent(id, Duration.between(changed, arrived).toNanos()) != null) {
                duplicates.incrementAndGet();
            } else {
                firstArrivals.release();
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
        long endpoint = visitors.createWebhook(authorization, url, ALL_EVENTS);
        try {
            Result started = scenarios.newVisitorStarts(clients, duration);
            Result with = new Result(
                    "… with webhooks (all events)",
                    clients,
                    started.ok(),
                    started.failed(),
                    started.seconds(),
                    started.latencyNanos());
            // each start that created a conversation sends conversation.created and message.created
            long expected = 2 * with.ok();
            firstArrivals.tryAcquire((int) expected, 60, TimeUnit.SECONDS);
            long[] lags = lagById.values().stream().mapToLong(Long::longValue).toArray();
            Result lag = new Result(
                    "webhook delivery lag",
                    clients,
                    lags.length,
                    Math.max(0, expected - lags.length),
                    with.seconds(),
                    lags);
            return new Run(without, with, lag, duplicates.get());
        } finally {
            visitors.deleteWebhook(authorization, endpoint);
            receiver.stop(0);
            threads.shutdownNow();
        }
    }
}
