package dev.parley.webhook.control;

import dev.parley.metrics.control.Metrics;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
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

    @Inject
    Metrics metrics;

    @PostConstruct
    void register() {
        metrics.webhookBacklog(this::oldestUndeliveredSeconds);
    }

    /** Created when the application starts, so that the backlog gauge exists before the first delivery. */
    void startup(@Observes @Initialized(ApplicationScoped.class) Object application) {
        // observing is enough: CDI created the bean to call this
    }

    void delivered() {
        delivered.incrementAndGet();
        metrics.webhookAttempted("delivered");
    }

    void retried() {
        retried.incrementAndGet();
        metrics.webhookAttempted("retried");
    }

    void failed() {
        failed.incrementAndGet();
        metrics.webhookAttempted("failed");
    }

    void lost() {
        lost.incrementAndGet();
        metrics.webhookAttempted("lost");
    }

    /** For the gauge: a scrape while the database is away reads NaN, never an error page. */
    private double oldestUndeliveredSeconds() {
        try {
            return oldestUndeliveredAge().toMillis() / 1000.0;
        } catch (RuntimeException databaseAway) {
            return Double.NaN;
        }
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
