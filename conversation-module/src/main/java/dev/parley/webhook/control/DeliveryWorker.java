package dev.parley.webhook.control;

import dev.parley.webhook.entity.ClaimedDelivery;
import dev.parley.webhook.entity.DeliveryOutcome;
import dev.parley.webhook.entity.OutboxWritten;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
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
 * the commits of the last tenth of a second wrote, so the worker's own transactions stay a small fraction of
 * the changes', and an event still leaves within about that time. One drain at a time per node; other nodes
 * drain concurrently and the database's row locks keep them apart.
 */
@ApplicationScoped
public class DeliveryWorker {

    private static final Logger LOG = Logger.getLogger(DeliveryWorker.class.getName());
    static final int BATCH = 50;

    /** How long a drain waits after the last claim, for more events to gather: a delivery's least wait. */
    static final Duration GATHER = Duration.ofMillis(100);

    @Inject
    DeliveryLedger ledger;

    @Inject
    WebhookSender sender;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private final AtomicBoolean nudged = new AtomicBoolean();
    private volatile long lastClaim = System.nanoTime();

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
        Map<String, CompletableFuture<DeliveryOutcome>> lineEnds = new HashMap<>();
        List<CompletableFuture<DeliveryOutcome>> attempts = new ArrayList<>(claimed.size());
        for (ClaimedDelivery delivery : claimed) {
            // lines in parallel; within a line one after another, and nothing after a failure
            CompletableFuture<DeliveryOutcome> before = lineEnds.get(delivery.line());
            CompletableFuture<DeliveryOutcome> attempt = before == null
                    ? sender.post(delivery)
                    : before.thenCompose(previous -> previous.delivered()
                            ? sender.post(delivery)
                            : CompletableFuture.completedFuture(DeliveryOutcome.skipped()));
            lineEnds.put(delivery.line(), attempt);
            attempts.add(attempt);
        }
        CompletableFuture.allOf(attempts.toArray(CompletableFuture[]::new)).join();
        try {
            ledger.record(
                    claimed, attempts.stream().map(CompletableFuture::join).toList());
        } catch (RuntimeException failure) {
            // the leases run out and the deliveries are attempted again, with the same ids
            LOG.log(Level.WARNING, "could not record the outcomes of " + claimed.size() + " deliveries: " + failure);
        }
        return lineEnds.size();
    }
}
