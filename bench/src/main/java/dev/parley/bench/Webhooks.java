package dev.parley.bench;

import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonReader;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Issue 14's webhook benchmark: new visitors' starts per second without webhooks and with one endpoint
 * subscribed to every event, in alternating rounds (a receiver in this process, on loopback), and each event's delivery lag: from
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
    record Run(Result without, Result with, Result lag, long duplicates, Map<String, Double> attempts, String cpu) {}

    static final int ROUNDS = 3;

    private final Visitors visitors;
    private final Scenarios scenarios;

    private final String serverPid;

    Webhooks(Visitors visitors, Scenarios scenarios, String serverPid) {
        this.visitors = visitors;
        this.scenarios = scenarios;
        this.serverPid = serverPid;
    }

    /**
     * Rounds of starts without and then with the endpoint (disabled, then enabled), so that whatever else the
     * machine does weighs on both alike; after each round with it, waits for every event of the round.
     */
    Run compare(int clients, Duration duration, String authorization) throws Exception {
        ConcurrentMap<String, Long> lagById = new ConcurrentHashMap<>();
        // the slowest arrivals, to tell a backlog from a stall: type, lag and when (since the first round)
        java.util.Queue<String> arrivals = new java.util.concurrent.ConcurrentLinkedQueue<>();
        Instant begun = Instant.now();
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
            String type;
            try (JsonReader reader = Json.createReader(new ByteArrayInputStream(body))) {
                var event = reader.readObject();
                changed = Instant.parse(event.getString("timestamp"));
                type = event.getString("type");
            }
            arrivals.add(String.format(
                    "%08d ms lag, at %6.1f s: %s",
                    Duration.between(changed, arrived).toMillis(),
                    Duration.between(begun, arrived).toMillis() / 1000.0,
                    type));
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
        Map<String, Double> attemptsBefore = visitors.webhookAttempts();
        List<Result> without = new ArrayList<>();
        List<Result> with = new ArrayList<>();
        long expected = 0;
        long[] cpuWithout = new long[2];
        long[] cpuWith = new long[2];
        try {
            // an unmeasured round with the endpoint first: the warm-up ran without webhooks, and the outbox,
            // the worker and the HTTP client would otherwise be compiled by the JIT during the first round
            Result warm = scenarios.newVisitorStarts(clients, duration);
            firstArrivals.tryAcquire((int) (2 * warm.ok()), 60, TimeUnit.SECONDS);
            lagById.clear();
            arrivals.clear();
            duplicates.set(0);
            firstArrivals.drainPermits();
            for (int round = 0; round < ROUNDS; round++) {
                visitors.enableWebhook(authorization, endpoint, url, ALL_EVENTS, false);
                long[] before = cpu();
                without.add(scenarios.newVisitorStarts(clients, duration));
                add(cpuWithout, before, cpu());
                visitors.enableWebhook(authorization, endpoint, url, ALL_EVENTS, true);
                before = cpu();
                Result started = scenarios.newVisitorStarts(clients, duration);
                add(cpuWith, before, cpu());
                with.add(started);
                // each start that created a conversation sends conversation.created and message.created
                expected += 2 * started.ok();
                firstArrivals.tryAcquire((int) (2 * started.ok()), 60, TimeUnit.SECONDS);
            }
            long[] lags = lagById.values().stream().mapToLong(Long::longValue).toArray();
            arrivals.stream()
                    .sorted(java.util.Comparator.reverseOrder())
                    .limit(12)
                    .forEach(slow -> System.out.println("  slowest: " + slow.replaceFirst("^0+(?=\\d)", "")));
            Result withAll = combined("… with webhooks (all events)", with);
            Result lag = new Result(
                    "webhook delivery lag",
                    clients,
                    lags.length,
                    Math.max(0, expected - lags.length),
                    withAll.seconds(),
                    lags);
            Map<String, Double> attempts = new TreeMap<>(visitors.webhookAttempts());
            attemptsBefore.forEach((outcome, count) -> attempts.merge(outcome, -count, Double::sum));
            Result withoutAll = combined("new visitor starts a chat", without);
            String cpu = String.format(
                    "CPU per start without / with webhooks: Parley %.2f / %.2f ms, the whole machine %.2f / %.2f ms",
                    perStart(cpuWithout[0], withoutAll),
                    perStart(cpuWith[0], withAll),
                    perStart(cpuWithout[1], withoutAll),
                    perStart(cpuWith[1], withAll));
            return new Run(withoutAll, withAll, lag, duplicates.get(), attempts, cpu);
        } finally {
            visitors.deleteWebhook(authorization, endpoint);
            receiver.stop(0);
            threads.shutdownNow();
        }
    }

    /** Clock ticks (1/100 s) used so far: by the server process (user + system), and by the whole machine. */
    private long[] cpu() throws java.io.IOException {
        long server = 0;
        if (serverPid != null) {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", serverPid, "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            server = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        }
        String[] machine = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/stat"))
                .get(0)
                .trim()
                .split("\\s+");
        long busy = Long.parseLong(machine[1])
                + Long.parseLong(machine[2])
                + Long.parseLong(machine[3])
                + Long.parseLong(machine[6])
                + Long.parseLong(machine[7]);
        return new long[] {server, busy};
    }

    private static void add(long[] total, long[] before, long[] after) {
        total[0] += after[0] - before[0];
        total[1] += after[1] - before[1];
    }

    private static double perStart(long ticks, Result starts) {
        return starts.ok() == 0 ? Double.NaN : ticks * 10.0 / starts.ok();
    }

    private static Result combined(String scenario, List<Result> rounds) {
        return new Result(
                scenario,
                rounds.get(0).concurrency(),
                rounds.stream().mapToLong(Result::ok).sum(),
                rounds.stream().mapToLong(Result::failed).sum(),
                rounds.stream().mapToDouble(Result::seconds).sum(),
                rounds.stream()
                        .flatMapToLong(round -> Arrays.stream(round.latencyNanos()))
                        .toArray());
    }
}
