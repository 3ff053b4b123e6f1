package dev.parley.bench;

import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
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

    /** One event's arrival at the receiver. */
    private record Arrival(long lagNanos, long atMillis, String type) {}

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
        // the slowest arrivals, to tell a backlog from a stall: lag, when (since the first round) and type
        java.util.Queue<Arrival> arrivals = new java.util.concurrent.ConcurrentLinkedQueue<>();
        Instant begun = Instant.now();
        AtomicLong duplicates = new AtomicLong();
        AtomicLong receiverCpuNanos = new AtomicLong();
        Semaphore firstArrivals = new Semaphore(0);
        // The receiver stands for a CRM on another machine, but here it shares the two cores with Parley: it does
        // as little as it can and counts its own CPU, which the report gives apart. It answers on the server's own
        // dispatcher thread (no hand-over to a pool per exchange), and reads an event only as far as the envelope's
        // "type" and "timestamp" (a streaming parser that stops there, the body's data left unread).
        JsonParserFactory json = Json.createParserFactory(Map.of());
        ThreadMXBean cpuClock = ManagementFactory.getThreadMXBean();
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        // an exchange (its request parsed, handled and answered) runs here: its CPU is the receiver's
        receiver.setExecutor(exchange -> {
            long cpuBefore = cpuClock.getCurrentThreadCpuTime();
            try {
                exchange.run();
            } finally {
                receiverCpuNanos.addAndGet(cpuClock.getCurrentThreadCpuTime() - cpuBefore);
            }
        });
        receiver.createContext("/hook", exchange -> {
            Instant arrived = Instant.now();
            byte[] body = exchange.getRequestBody().readAllBytes();
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            String[] envelope = envelope(json, body);
            Instant changed = Instant.parse(envelope[1]);
            String type = envelope[0];
            long lag = Duration.between(changed, arrived).toNanos();
            arrivals.add(new Arrival(lag, Duration.between(begun, arrived).toMillis(), type));
            if (lagById.putIfAbsent(id, lag) != null) {
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
            receiverCpuNanos.set(0);
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
                    .sorted(java.util.Comparator.comparingLong(Arrival::lagNanos)
                            .reversed())
                    .limit(12)
                    .forEach(slow -> System.out.printf(
                            "  slowest: %d ms lag, at %6.1f s: %s%n",
                            slow.lagNanos() / 1_000_000, slow.atMillis() / 1000.0, slow.type()));
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
                    "CPU per start without / with webhooks: Parley %.2f / %.2f ms, the whole machine %.2f / %.2f ms"
                            + " (of which the receiver, which stands for another machine: %.2f ms)",
                    perStart(cpuWithout[0], withoutAll),
                    perStart(cpuWith[0], withAll),
                    perStart(cpuWithout[1], withoutAll),
                    perStart(cpuWith[1], withAll),
                    withAll.ok() == 0 ? Double.NaN : receiverCpuNanos.get() / 1e6 / withAll.ok());
            return new Run(withoutAll, withAll, lag, duplicates.get(), attempts, cpu);
        } finally {
            visitors.deleteWebhook(authorization, endpoint);
            receiver.stop(0);
        }
    }

    /** The envelope's {@code type} and {@code timestamp}, read up to the second of them and no further. */
    private static String[] envelope(JsonParserFactory json, byte[] body) {
        String[] found = new String[2];
        try (JsonParser parser = json.createParser(new ByteArrayInputStream(body), StandardCharsets.UTF_8)) {
            int depth = 0;
            String key = null;
            while ((found[0] == null || found[1] == null) && parser.hasNext()) {
                JsonParser.Event event = parser.next();
                switch (event) {
                    case START_OBJECT, START_ARRAY -> depth++;
                    case END_OBJECT, END_ARRAY -> depth--;
                    case KEY_NAME -> key = depth == 1 ? parser.getString() : null;
                    case VALUE_STRING -> {
                        if ("type".equals(key)) {
                            found[0] = parser.getString();
                        } else if ("timestamp".equals(key)) {
                            found[1] = parser.getString();
                        }
                    }
                    default -> key = null;
                }
            }
        }
        if (found[0] == null || found[1] == null) {
            throw new IllegalStateException(
                    "an event without type or timestamp: " + new String(body, StandardCharsets.UTF_8));
        }
        return found;
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
