package dev.parley.webhook.control;

import dev.parley.webhook.entity.ClaimedDelivery;
import dev.parley.webhook.entity.DeliveryOutcome;
import dev.parley.webhook.entity.OutboxWritten;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * This node's delivery worker: claims due deliveries ({@link DeliveryLedger#claim}, a short transaction), posts
 * them in parallel outside any transaction, then records each outcome on this thread in a short transaction of
 * its own, and goes
 * on while there is work. It runs when {@link DeliveryPolling} ticks and right after a commit that wrote to the
 * outbox, so a delivery usually starts within milliseconds of its change. One drain at a time per node; other
 * nodes drain concurrently and the database's row locks keep them apart.
 */
@ApplicationScoped
public class DeliveryWorker {

    private static final Logger LOG = Logger.getLogger(DeliveryWorker.class.getName());
    static final int BATCH = 50;

    @Inject
    DeliveryLedger ledger;

    @Inject
    WebhookSender sender;

    @Resource
    ManagedExecutorService executor;

    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();

    void committed(@Observes(during = TransactionPhase.AFTER_SUCCESS) OutboxWritten written) {
        again.set(true);
        if (!running.get()) {
            try {
                executor.execute(this::drain);
            } catch (RejectedExecutionException busy) {
                // the next poll picks the deliveries up
            }
        }
    }

    /** Delivers everything due now; returns at once when this node is already draining. */
    public void drain() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        try {
            do {
                again.set(false);
                while (deliverBatch()) {
                    // until nothing is due
                }
            } while (again.get());
        } catch (RuntimeException failure) {
            LOG.log(Level.WARNING, "webhook delivery stopped until the next poll: " + failure);
        } finally {
            running.set(false);
        }
    }

    private boolean deliverBatch() {
        List<ClaimedDelivery> claimed = ledger.claim(BATCH);
        if (claimed.isEmpty()) {
            return false;
        }
        List<CompletableFuture<DeliveryOutcome>> attempts =
                claimed.stream().map(sender::post).toList();
        CompletableFuture.allOf(attempts.toArray(CompletableFuture[]::new)).join();
        for (int i = 0; i < claimed.size(); i++) {
            record(claimed.get(i), attempts.get(i).join());
        }
        return true;
    }

    private void record(ClaimedDelivery delivery, DeliveryOutcome outcome) {
        try {
            ledger.record(delivery, outcome);
        } catch (RuntimeException failure) {
            // the lease runs out and the delivery is attempted again, with the same id
            LOG.log(Level.WARNING, "could not record the outcome of " + delivery + ": " + failure);
        }
    }
}
