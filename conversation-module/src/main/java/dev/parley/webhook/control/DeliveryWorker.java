package dev.parley.webhook.control;

import dev.parley.webhook.entity.ClaimedDelivery;
import dev.parley.webhook.entity.DeliveryOutcome;
import dev.parley.webhook.entity.OutboxWritten;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * This node's delivery worker: claims due deliveries ({@link DeliveryLedger#claim}, a short transaction), posts
 * them outside any transaction (lines in parallel, a line's deliveries one after another, none after one that
 * failed), then records the batch's outcomes in one short transaction, and
 * goes on while batches come back full. It runs when {@link DeliveryPolling} ticks and, at most
 * {@link #GATHER} after its last claim, when a commit wrote to the outbox: under load a claim takes everything
 * the commits of the last fifth of a second wrote, so the worker's own transactions stay a small fraction of
 * the changes', and an event still leaves within about that time. One drain at a time per node; other nodes
 * drain concurrently and the database's row locks keep them apart.
 */
@ApplicationScoped
public class DeliveryWorker {

    private static final Logger LOG = Logger.getLogger(DeliveryWorker.class.getName());
    static final int BATCH = 50;

    /** How long a drain waits after the last claim, for more events to gather: a delivery's least wait. */
    static final Duration GATHER = Duration.ofMillis(200);

    @Inject
    DeliveryLedger ledger;

    @Inject
    WebhookSender sender;

    /** At most one poster per line of a batch: a slow receiver holds up its own lines only. */
    static final int POSTERS = BATCH;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Resource
    ManagedThreadFactory threads;

    @Inject
    WebhookSettings settings;

    /**
     * The threads that post, made by the container's managed thread factory: idle ones are reused and end after a
     * minute without work.
     */
    private ExecutorService posters;

    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private final AtomicBoolean nudged = new AtomicBoolean();
    private volatile long lastClaim = System.nanoTime();

    @PostConstruct
    void start() {
        posters = new ThreadPoolExecutor(
                0,
                POSTERS,
                1,
                TimeUnit.MINUTES,
                new SynchronousQueue<>(),
                threads,
                (line, pool) -> line.run()); // all busy, or stopping: the worker posts the line itself
    }

    @PreDestroy
    void stop() {
        posters.shutdownNow();
    }

    void committed(@Observes(during = TransactionPhase.AFTER_SUCCESS) OutboxWritten written) {
        nudge();
    }

    /** Drains {@link #GATHER} after the last claim at the latest; one such drain is pending at a time. */
    private void nudge() {
        if (!nudged.compareAndSet(false, true)) {
            return;
        }
        long wait = Math.max(0, lastClaim + GATHER.toNanos() - System.nanoTime());
        try {
            scheduler.schedule(this::nudgedDrain, wait, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException busy) {
            nudged.set(false); // the next poll picks the deliveries up
        }
    }

    private void nudgedDrain() {
        nudged.set(false);
        again.set(true);
        drain();
    }

    /**
     * The poll's drain, left out while this node's last claim is less than {@link #GATHER} old: that claim took
     * everything then due, and a commit since has its nudge pending, so a poll now would only cut the gathering
     * short.
     */
    public void poll() {
        if (System.nanoTime() - lastClaim >= GATHER.toNanos()) {
            drain();
        }
    }

    /** Delivers everything due now; when this node is already draining, that drain looks once more. */
    public void drain() {
        if (!running.compareAndSet(false, true)) {
            again.set(true);
            return;
        }
        int attempted = 0;
        try {
            do {
                again.set(false);
                int lines;
                do {
                    lines = deliverBatch();
                    attempted += lines;
                } while (lines == BATCH);
            } while (again.get());
        } catch (RuntimeException failure) {
            LOG.log(Level.WARNING, "webhook delivery stopped until the next poll: " + failure);
        } finally {
            running.set(false);
        }
        if (attempted > 0) {
            // what waited in line behind the deliveries just made (a conversation's next event) is due now
            nudge();
        }
    }

    /** Claims, posts and records one batch; returns how many lines it claimed ({@link #BATCH}: more may be due). */
    private int deliverBatch() {
        lastClaim = System.nanoTime();
        List<ClaimedDelivery> claimed = ledger.claim(BATCH);
        if (claimed.isEmpty()) {
            return 0;
        }
        Map<String, List<Integer>> lines = new LinkedHashMap<>();
        for (int i = 0; i < claimed.size(); i++) {
            lines.computeIfAbsent(claimed.get(i).line(), line -> new ArrayList<>())
                    .add(i);
        }
        DeliveryOutcome[] outcomes = new DeliveryOutcome[claimed.size()];
        List<Future<?>> posting = new ArrayList<>(lines.size());
        for (List<Integer> line : lines.values()) {
            posting.add(posters.submit(() -> postLine(claimed, line, outcomes)));
        }
        for (Future<?> line : posting) {
            awaitQuietly(line);
        }
        for (int i = 0; i < outcomes.length; i++) {
            if (outcomes[i] == null) { // its line's posting ended abnormally: back in line, the lease stays
                outcomes[i] = DeliveryOutcome.skipped();
            }
        }
        try {
            ledger.record(claimed, Arrays.asList(outcomes));
        } catch (RuntimeException failure) {
            // the leases run out and the deliveries are attempted again, with the same ids
            LOG.log(Level.WARNING, "could not record the outcomes of " + claimed.size() + " deliveries: " + failure);
        }
        return lines.size();
    }

    /**
     * Posts one line's deliveries one after another; after one that failed, and once too little of the lease is
     * left for another post to end within it, the rest are {@linkplain DeliveryOutcome#skipped() skipped}.
     */
    private void postLine(List<ClaimedDelivery> claimed, List<Integer> line, DeliveryOutcome[] outcomes) {
        outcomes[line.get(0)] = sender.post(claimed.get(line.get(0)));
        boolean go = outcomes[line.get(0)].delivered();
        for (int i : line.subList(1, line.size())) {
            go = go
                    && Instant.now()
                            .plus(settings.timeout())
                            .isBefore(claimed.get(i).leaseUntil());
            outcomes[i] = go ? sender.post(claimed.get(i)) : DeliveryOutcome.skipped();
            go = outcomes[i].delivered();
        }
    }

    private static void awaitQuietly(Future<?> line) {
        try {
            line.get();
        } catch (ExecutionException | CancellationException unexpected) {
            // a bug, not a receiver's failure (those are outcomes): with its stack, whatever threw it
            LOG.log(
                    Level.WARNING,
                    "a webhook line's posting failed",
                    unexpected.getCause() != null ? unexpected.getCause() : unexpected);
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
        }
    }
}
