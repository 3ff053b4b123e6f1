package dev.parley.webhook.control;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs this node's {@link DeliveryWorker} every {@code parley.webhooks.poll-interval} (250 ms by default; an EJB
 * timer cannot tick below a second): it picks up retries that came due, deliveries whose node died (their lease
 * ran out) and anything a commit's nudge did not reach. Starts after the schema is migrated.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class DeliveryPolling {

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    DeliveryWorker worker;

    @Inject
    WebhookSettings settings;

    private ScheduledFuture<?> polling;

    @PostConstruct
    void start() {
        long interval = settings.pollInterval().toMillis();
        polling = scheduler.scheduleWithFixedDelay(worker::poll, interval, interval, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (polling != null) {
            polling.cancel(false);
        }
    }
}
