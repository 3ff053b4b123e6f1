package dev.parley.bench.drill;

import dev.parley.bench.Visitors;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The slow-database drill. Another session holds {@code SELECT ... FOR UPDATE} on one visitor's
 * contact row for {@code --hold} seconds (BEGIN; lock; pg_sleep; ROLLBACK) while {@code --storm}
 * start requests of that visitor arrive at once (one Idempotency-Key each, each retried like the
 * widget with its own key on 503/409); meanwhile {@code --others} threads of unrelated new
 * visitors keep starting conversations. Prints PASS/FAIL lines: no 5xx other than 503, every 503
 * with Retry-After, every storm answer within {@code --bound} seconds, every storm request
 * finally answered with the same conversation and exactly one in the database, the unrelated
 * visitors' p99 during the lock within {@code --others-bound} ms, and the product's request
 * threads (from {@code jcmd <pid> Thread.print}) busy during the lock no more than requests in
 * flight, and none busy afterwards.
 */
public final class SlowDbDrill {

    private final Visitors visitors;
    private final Outcomes storm = new Outcomes();
    private final Duration requestTimeout = Duration.ofSeconds(60);
    private final long pid;
    private int failures;

    private SlowDbDrill(Visitors visitors, long pid) {
        this.visitors = visitors;
        this.pid = pid;
    }

    /** One unrelated visitor's start: when it was sent, how long it took, what it answered. */
    private record Sample(long sentMillis, double millis, String status) {}

    public static void main(String[] arguments) throws Exception {
        Args args = new Args(
                arguments, "base", "token", "jdbc", "user", "pid", "storm", "others", "hold", "bound", "others-bound");
        SlowDbDrill drill = new SlowDbDrill(
                new Visitors(URI.create(args.require("base")), args.require("token")),
                Long.parseLong(args.require("pid")));
        int stormSize = args.integer("storm", 20);
        int others = args.integer("others", 4);
        int hold = args.integer("hold", 10);
        int bound = args.integer("bound", 20);
        int othersBound = args.integer("others-bound", 2000);
        try (Connection db = DriverManager.getConnection(args.require("jdbc"), args.get("user", "postgres"), "")) {
            drill.run(db, stormSize, others, hold, bound, othersBound);
        }
        System.exit(drill.failures == 0 ? 0 : 1);
    }

    private void run(Connection db, int stormSize, int others, int hold, int bound, int othersBound) throws Exception {
        ExecutorService pool = Executors.newCachedThreadPool();
        try {
            Visitors.Visitor victim = session();
            // Warm up (the first requests of a fresh product are slow), then measure the unrelated
            // visitors for a few seconds before the lock.
            Outcomes othersOutcomes = new Outcomes();
            List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
            AtomicBoolean stop = new AtomicBoolean();
            for (int i = 0; i < 20; i++) {
                visitors.startExchange(session(), UUID.randomUUID().toString(), "warm-up", requestTimeout);
            }
            int[] threadsBefore = requestThreads();
            List<Future<?>> otherClients = new ArrayList<>();
            for (int i = 0; i < others; i++) {
                otherClients.add(pool.submit(() -> {
                    unrelatedVisitors(stop, othersOutcomes, samples);
                    return null;
                }));
            }
            Thread.sleep(5000);

            CountDownLatch locked = new CountDownLatch(1);
            AtomicLong lockedAt = new AtomicLong();
            AtomicLong releasedAt = new AtomicLong();
            Future<?> holder = pool.submit(() -> {
                holdLock(db, victim.contactId(), hold, locked, lockedAt, releasedAt);
                return null;
            });
            if (!locked.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("could not take the lock on contact " + victim.contactId());
            }
            long stormStart = System.currentTimeMillis();
            Set<Long> conversations = ConcurrentHashMap.newKeySet();
            AtomicInteger answered = new AtomicInteger();
            List<Long> doneAfter = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> stormClients = new ArrayList<>();
            for (int i = 0; i < stormSize; i++) {
                stormClients.add(pool.submit(() -> {
                    go.await();
                    Long id = startLikeTheWidget(victim, "drill-slow-" + UUID.randomUUID(), stormStart + 60_000);
                    if (id != null) {
                        conversations.add(id);
                        answered.incrementAndGet();
                        doneAfter.add(System.currentTimeMillis() - stormStart);
                    }
                    return null;
                }));
            }
            go.countDown();
            Thread.sleep(Math.max(1000, hold * 1000L / 2));
            int[] threadsDuring = requestThreads();
            holder.get(hold + 30L, TimeUnit.SECONDS);
            for (Future<?> client : stormClients) {
                client.get(90, TimeUnit.SECONDS);
            }
            long stormEnd = System.currentTimeMillis();
            Thread.sleep(3000);
            stop.set(true);
            for (Future<?> client : otherClients) {
                client.get(90, TimeUnit.SECONDS);
            }
            int[] threadsAfter = requestThreads();

            System.out.printf(
                    "slow-db: lock on contact %d held %.1f s; %d starts of that visitor sent at +0.0 s;"
                            + " unrelated visitors: %d threads%n",
                    victim.contactId(), (releasedAt.get() - lockedAt.get()) / 1000.0, stormSize, others);
            System.out.println(
                    "slow-db: storm answers: " + storm.summary() + "; unrelated: " + othersOutcomes.summary());
            result(
                    storm.serverErrors() == 0 && othersOutcomes.serverErrors() == 0,
                    "no 5xx other than 503",
                    "storm: " + storm.summary() + "; unrelated: " + othersOutcomes.summary() + evidence(storm)
                            + evidence(othersOutcomes));
            result(
                    storm.unavailableWithoutRetryAfter() == 0 && othersOutcomes.unavailableWithoutRetryAfter() == 0,
                    "every 503 has Retry-After",
                    (storm.count("start", "503") + othersOutcomes.count("start", "503"))
                            + " answers 503, "
                            + (storm.unavailableWithoutRetryAfter() + othersOutcomes.unavailableWithoutRetryAfter())
                            + " without Retry-After");
            result(
                    storm.stackTraces() == 0 && othersOutcomes.stackTraces() == 0,
                    "no stack trace in any answer",
                    (storm.stackTraces() + othersOutcomes.stackTraces()) + " answers looked like one");
            result(
                    storm.maxLatencyMillis() < bound * 1000.0,
                    "each storm answer within " + bound + " s",
                    String.format(
                            "storm answer latency p50 %.0f ms, p99 %.0f ms, max %.0f ms",
                            storm.percentileMillis("start", 50),
                            storm.percentileMillis("start", 99),
                            storm.maxLatencyMillis()));
            long[] done = doneAfter.stream().mapToLong(Long::longValue).sorted().toArray();
            long inDatabase = countConversations(db, victim.contactId());
            result(
                    answered.get() == stormSize && conversations.size() == 1 && inDatabase == 1,
                    "the storm ends with one conversation, the same for every request",
                    String.format(
                            "%d of %d requests got a conversation (first at +%.1f s, last at +%.1f s; lock released"
                                    + " at +%.1f s); ids %s; conversations of the contact in the database %d",
                            answered.get(),
                            stormSize,
                            done.length == 0 ? Double.NaN : done[0] / 1000.0,
                            done.length == 0 ? Double.NaN : done[done.length - 1] / 1000.0,
                            (releasedAt.get() - stormStart) / 1000.0,
                            conversations,
                            inDatabase));
            Stats before = stats(samples, 0, lockedAt.get());
            Stats during = stats(samples, lockedAt.get(), releasedAt.get());
            Stats afterwards = stats(samples, stormEnd, Long.MAX_VALUE);
            result(
                    during.count > 0 && during.p99 < othersBound,
                    "unrelated visitors stay fast while the lock is held (p99 < " + othersBound + " ms)",
                    String.format("starts before: %s; during the lock: %s; after: %s", before, during, afterwards));
            result(
                    threadsDuring[1] <= stormSize + others + 2 && threadsAfter[1] == 0,
                    "request threads do not pile up",
                    String.format(
                            "HTTP threads (busy in Parley) before %d (%d), during the lock %d (%d), after %d (%d);"
                                    + " JVM threads %d / %d / %d",
                            threadsBefore[0],
                            threadsBefore[1],
                            threadsDuring[0],
                            threadsDuring[1],
                            threadsAfter[0],
                            threadsAfter[1],
                            threadsBefore[2],
                            threadsDuring[2],
                            threadsAfter[2]));
        } finally {
            pool.shutdownNow();
        }
    }

    private void holdLock(
            Connection db, long contactId, int hold, CountDownLatch locked, AtomicLong lockedAt, AtomicLong releasedAt)
            throws SQLException {
        db.setAutoCommit(false);
        try (PreparedStatement lock = db.prepareStatement("select id from contact where id = ? for update");
                PreparedStatement sleep = db.prepareStatement("select pg_sleep(?)")) {
            lock.setLong(1, contactId);
            lock.executeQuery().close();
            lockedAt.set(System.currentTimeMillis());
            locked.countDown();
            sleep.setInt(1, hold);
            sleep.executeQuery().close();
        } finally {
            db.rollback();
            releasedAt.set(System.currentTimeMillis());
            db.setAutoCommit(true);
        }
    }

    /** Starts with one key, retried with it on 503/409 (Retry-After) and on errors, until a deadline. */
    private Long startLikeTheWidget(Visitors.Visitor visitor, String key, long deadlineMillis)
            throws InterruptedException {
        while (System.currentTimeMillis() < deadlineMillis) {
            long sent = System.nanoTime();
            HttpResponse<String> answer;
            try {
                answer = visitors.startExchange(visitor, key, "Help!", requestTimeout);
            } catch (IOException noAnswer) {
                storm.unanswered("start", noAnswer, sent);
                Thread.sleep(1000);
                continue;
            }
            storm.answered("start", answer, sent);
            if (answer.statusCode() == 200 || answer.statusCode() == 201) {
                return DrillLoad.json(answer).getJsonNumber("id").longValue();
            }
            if (answer.statusCode() != 503 && answer.statusCode() != 409) {
                return null;
            }
            Thread.sleep(DrillLoad.retryAfterMillis(answer));
        }
        return null;
    }

    private void unrelatedVisitors(AtomicBoolean stop, Outcomes outcomes, List<Sample> samples) throws Exception {
        while (!stop.get()) {
            Visitors.Visitor visitor = session();
            long sentMillis = System.currentTimeMillis();
            long sent = System.nanoTime();
            try {
                HttpResponse<String> answer =
                        visitors.startExchange(visitor, UUID.randomUUID().toString(), "Hello", requestTimeout);
                outcomes.answered("start", answer, sent);
                samples.add(
                        new Sample(sentMillis, (System.nanoTime() - sent) / 1e6, String.valueOf(answer.statusCode())));
            } catch (IOException noAnswer) {
                samples.add(new Sample(
                        sentMillis, (System.nanoTime() - sent) / 1e6, outcomes.unanswered("start", noAnswer, sent)));
            }
        }
    }

    private Visitors.Visitor session() throws Exception {
        HttpResponse<String> answer = visitors.sessionExchange(requestTimeout);
        if (answer.statusCode() != 201) {
            throw new IllegalStateException("session answered " + answer.statusCode() + ": " + answer.body());
        }
        var json = DrillLoad.json(answer);
        return new Visitors.Visitor(
                json.getString("contactToken"), json.getJsonNumber("contactId").longValue());
    }

    private record Stats(int count, double p50, double p99, double max, long failed) {
        @Override
        public String toString() {
            return String.format(
                    "%d starts, p50 %.0f ms, p99 %.0f ms, max %.0f ms, not 2xx %d", count, p50, p99, max, failed);
        }
    }

    private static Stats stats(List<Sample> samples, long from, long to) {
        List<Sample> window;
        synchronized (samples) {
            window = samples.stream()
                    .filter(s -> s.sentMillis >= from && s.sentMillis < to)
                    .toList();
        }
        double[] sorted = window.stream().mapToDouble(Sample::millis).sorted().toArray();
        long failed = window.stream().filter(s -> !s.status.startsWith("2")).count();
        return new Stats(
                sorted.length, percentile(sorted, 50), percentile(sorted, 99), percentile(sorted, 100), failed);
    }

    private static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.min(sorted.length - 1, Math.ceil(p / 100.0 * sorted.length) - 1);
        return sorted[Math.max(0, index)];
    }

    /**
     * From a thread dump of the product: HTTP worker threads, those of them inside Parley's code
     * (busy with a request), and all JVM threads.
     */
    private int[] requestThreads() throws Exception {
        Process jcmd = new ProcessBuilder("jcmd", String.valueOf(pid), "Thread.print")
                .redirectErrorStream(true)
                .start();
        String dump = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!jcmd.waitFor(30, TimeUnit.SECONDS)) {
            jcmd.destroyForcibly();
        }
        int http = 0;
        int busy = 0;
        int all = 0;
        for (String block : dump.split("\n\\s*\n")) {
            String trimmed = block.strip();
            if (!trimmed.startsWith("\"")) {
                continue;
            }
            all++;
            if (trimmed.startsWith("\"http-thread-pool")) {
                http++;
                if (trimmed.contains("dev.parley.")) {
                    busy++;
                }
            }
        }
        return new int[] {http, busy, all};
    }

    private static long countConversations(Connection db, long contactId) throws SQLException {
        try (PreparedStatement count = db.prepareStatement("select count(*) from conversation where contact_id = ?")) {
            count.setLong(1, contactId);
            try (ResultSet row = count.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private static String evidence(Outcomes outcomes) {
        List<String> errors = outcomes.serverErrorSamples();
        return errors.isEmpty() ? "" : "; evidence: " + String.join(" | ", errors);
    }

    private void result(boolean passed, String what, String figures) {
        if (!passed) {
            failures++;
        }
        System.out.println((passed ? "PASS " : "FAIL ") + "slow-db: " + what + " — " + figures);
    }
}
