package dev.parley.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The benchmark scenarios. Each is bounded in time or count and stops by itself; each returns
 * counts a caller can check (the test suite's smoke run asserts them) and latencies to report.
 */
public final class Scenarios {

    private final Visitors visitors;

    public Scenarios(Visitors visitors) {
        this.visitors = visitors;
    }

    /** New visitors, each opening a session and starting a chat, from {@code clients} loops for a while. */
    public Result newVisitorStarts(int clients, Duration duration) throws Exception {
        Set<Long> conversations = ConcurrentHashMap.newKeySet();
        return timed("new visitor starts a chat", clients, duration, client -> {
            Visitors.Answer answer =
                    visitors.start(visitors.newVisitor(), UUID.randomUUID().toString(), "Hello");
            return answer.status() == 201 && conversations.add(answer.id());
        });
    }

    /** Outcome of a storm of concurrent clicks by one visitor. */
    public record Storm(Result result, Set<Long> conversationIds, long unmarkedCreations) {}

    /** {@code clicks} concurrent starts by one visitor behind a barrier, with one key or one key per click. */
    public Storm duplicateStorm(int clicks, boolean oneKey) throws Exception {
        Visitors.Visitor visitor = visitors.newVisitor();
        String shared = UUID.randomUUID().toString();
        long[] latencies = new long[clicks];
        Set<Long> ids = ConcurrentHashMap.newKeySet();
        AtomicLong failed = new AtomicLong();
        AtomicLong ok = new AtomicLong();
        AtomicLong created = new AtomicLong();
        long began = System.nanoTime();
        runConcurrently(clicks, click -> {
            long start = System.nanoTime();
            try {
                Visitors.Answer answer = visitors.start(visitor, oneKey ? shared : shared + "-" + click, "Help!");
                latencies[click] = System.nanoTime() - start;
                if (answer.status() == 200 || answer.status() == 201) {
                    ok.incrementAndGet();
                    ids.add(answer.id());
                    if (answer.status() == 201 && !answer.replayed()) {
                        created.incrementAndGet();
                    }
                } else if (answer.status() != 409) {
                    failed.incrementAndGet();
                }
            } catch (Exception e) {
                failed.incrementAndGet();
            }
        });
        double seconds = (System.nanoTime() - began) / 1e9;
        return new Storm(
                new Result(
                        "duplicate storm, " + (oneKey ? "one key" : clicks + " keys"),
                        clicks,
                        ok.get(),
                        failed.get(),
                        seconds,
                        latencies),
                ids,
                created.get());
    }

    /** Visitors posting messages into their open conversations. */
    public Result visitorMessages(int clients, Duration duration) throws Exception {
        List<Visitors.Visitor> senders = new ArrayList<>();
        List<Long> conversationIds = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            Visitors.Visitor visitor = visitors.newVisitor();
            senders.add(visitor);
            conversationIds.add(visitors.start(visitor, "k", "Hello").id());
        }
        AtomicLong sent = new AtomicLong();
        return timed(
                "visitor messages",
                clients,
                duration,
                client -> visitors.send(senders.get(client), conversationIds.get(client), "m" + sent.incrementAndGet())
                                .status()
                        == 201);
    }

    /** One timed operation of a client; true when it succeeded. */
    interface Operation {
        boolean run(int client) throws Exception;
    }

    /** Every client repeats its operation until the time is up; only successes count into the latencies. */
    static Result timed(String scenario, int clients, Duration duration, Operation operation) throws Exception {
        List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicLong failed = new AtomicLong();
        long end = System.nanoTime() + duration.toNanos();
        long began = System.nanoTime();
        runConcurrently(clients, client -> {
            while (System.nanoTime() < end) {
                long start = System.nanoTime();
                try {
                    if (operation.run(client)) {
                        latencies.add(System.nanoTime() - start);
                    } else {
                        failed.incrementAndGet();
                    }
                } catch (Exception e) {
                    failed.incrementAndGet();
                }
            }
        });
        double seconds = (System.nanoTime() - began) / 1e9;
        return new Result(
                scenario,
                clients,
                latencies.size(),
                failed.get(),
                seconds,
                latencies.stream().mapToLong(Long::longValue).toArray());
    }

    interface Client {
        void run(int index) throws Exception;
    }

    static void runConcurrently(int clients, Client client) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(clients);
        CyclicBarrier barrier = new CyclicBarrier(clients);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                int index = i;
                running.add(threads.submit(() -> {
                    barrier.await(60, TimeUnit.SECONDS);
                    client.run(index);
                    return null;
                }));
            }
            for (Future<?> future : running) {
                future.get(15, TimeUnit.MINUTES);
            }
        } finally {
            threads.shutdownNow();
        }
    }
}
