package dev.parley.webhook.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the metrics need from webhooks: this node's attempts by outcome since it started ({@code delivered},
 * {@code retried}: failed and to be tried again, {@code failed}: given up, {@code lost}: the lease had run out
 * and another node owned the delivery) and the age of the oldest delivery still waiting, cluster-wide.
 */
@ApplicationScoped
public class WebhookStats {

    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();

    @Inject
    DeliveryLedger ledger;

    void delivered() {
        delivered.incrementAndGet();
    }

    void retried() {
        retried.incrementAndGet();
    }

    void failed() {
        failed.incrementAndGet();
    }

    void lost() {
        lost.incrementAndGet();
    }

    /** Attempts on this node since it started, by outcome: delivered, retried, failed, lost. */
    public Map<String, Long> deliveriesByOutcome() {
        return Map.of(
                "delivered", delivered.get(), "retried", retried.get(), "failed", failed.get(), "lost", lost.get());
    }

    /** How long the oldest delivery not yet delivered nor given up has waited (enabled endpoints); zero if none. */
    public Duration oldestUndeliveredAge() {
        return ledger.oldestUndeliveredAge();
    }
}
