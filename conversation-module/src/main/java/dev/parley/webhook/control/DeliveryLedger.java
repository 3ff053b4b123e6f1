package dev.parley.webhook.control;

import dev.parley.audit.control.AuditLog;
import dev.parley.audit.entity.AuditEntry;
import dev.parley.schema.control.Database;
import dev.parley.webhook.entity.ClaimedDelivery;
import dev.parley.webhook.entity.DeliveryOutcome;
import dev.parley.webhook.entity.DeliveryStatus;
import dev.parley.webhook.entity.WebhookDelivery;
import dev.parley.webhook.entity.WebhookEndpoint;
import dev.parley.webhook.entity.WebhookEndpointsChanged;
import dev.parley.webhook.entity.WebhookEvent;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The worker's short transactions: {@link #claim} takes due deliveries with {@code FOR UPDATE SKIP LOCKED} and
 * leases them, so across a cluster exactly one node posts each; {@link #record} writes an attempt's outcome
 * only while that lease is still the caller's. A delivery is never claimed while an earlier one of the same
 * endpoint and conversation is PENDING or DELIVERING: events reach an endpoint in order per conversation.
 */
@Stateless
public class DeliveryLedger {

    /**
     * Due (PENDING and its time come, or DELIVERING with its lease run out: its node died), of an enabled
     * endpoint, and first in its line. Plain SQL both PostgreSQL and H2 run.
     */
    private static final String DUE = "select d.id from webhook_delivery d"
            + " where ((d.status = 'PENDING' and d.next_attempt_at <= ?1)"
            + " or (d.status = 'DELIVERING' and d.claimed_until < ?1))"
            + " and exists (select 1 from webhook_endpoint e where e.id = d.endpoint_id and e.enabled = true)"
            + " and not exists (select 1 from webhook_delivery b where b.endpoint_id = d.endpoint_id"
            + " and b.order_key = d.order_key and b.id < d.id and b.status in ('PENDING', 'DELIVERING'))"
            + " order by d.id fetch first %d rows only for update skip locked";

    @PersistenceContext
    EntityManager em;

    @Inject
    WebhookSettings settings;

    @Inject
    AuditLog audit;

    @Inject
    WebhookStats stats;

    @Inject
    Event<WebhookEndpointsChanged> endpointsChanged;

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public List<ClaimedDelivery> claim(int limit) {
        Instant now = Database.now();
        Instant leaseUntil = now.plus(settings.lease());
        List<?> ids =
                em.createNativeQuery(DUE.formatted(limit)).setParameter(1, now).getResultList();
        List<ClaimedDelivery> claimed = new ArrayList<>();
        for (Object id : ids) {
            WebhookDelivery delivery = em.find(WebhookDelivery.class, ((Number) id).longValue());
            WebhookEndpoint endpoint = em.find(WebhookEndpoint.class, delivery.getEndpointId());
            WebhookEvent event = em.find(WebhookEvent.class, delivery.getEventId());
            delivery.claim(leaseUntil);
            claimed.add(new ClaimedDelivery(
                    delivery.getId(),
                    endpoint.getId(),
                    endpoint.getUrl(),
                    endpoint.getSecret(),
                    event.getEventId(),
                    event.getPayload(),
                    leaseUntil));
        }
        return claimed;
    }

    /** Records one attempt; nothing when the lease ran out meanwhile (another node owns the delivery now). */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void record(ClaimedDelivery claimed, DeliveryOutcome outcome) {
        WebhookDelivery delivery = em.find(WebhookDelivery.class, claimed.deliveryId(), LockModeType.PESSIMISTIC_WRITE);
        if (delivery == null || !delivery.leasedUntil(claimed.leaseUntil())) {
            stats.lost();
            return;
        }
        Instant now = Database.now();
        if (outcome.delivered()) {
            delivery.delivered(outcome.responseCode(), now);
            stats.delivered();
            WebhookEndpoint endpoint = em.find(WebhookEndpoint.class, claimed.endpointId());
            if (endpoint != null && endpoint.getConsecutiveFailures() > 0) {
                em.lock(endpoint, LockModeType.PESSIMISTIC_WRITE);
                endpoint.delivered();
            }
            return;
        }
        Optional<Instant> next = settings.retrySchedule()
                .next(
                        delivery.getAttempts() + 1,
                        delivery.getRetrySince(),
                        now,
                        ThreadLocalRandom.current()::nextDouble);
        delivery.failed(outcome.responseCode(), outcome.error(), next.orElse(null), now);
        if (next.isPresent()) {
            stats.retried();
            return;
        }
        stats.failed();
        WebhookEndpoint endpoint = em.find(WebhookEndpoint.class, claimed.endpointId(), LockModeType.PESSIMISTIC_WRITE);
        if (endpoint != null && endpoint.failedOnce(settings.disableAfterFailures(), now)) {
            audit.record(new AuditEntry(
                    "webhook.disable",
                    "disabled",
                    "system",
                    null,
                    null,
                    null,
                    "endpoint " + endpoint.getId() + ": " + endpoint.getConsecutiveFailures()
                            + " deliveries in a row failed"));
            endpointsChanged.fire(new WebhookEndpointsChanged());
        }
    }

    /** How long the oldest delivery not yet DELIVERED nor FAILED has waited, of an enabled endpoint; zero if none. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Duration oldestUndeliveredAge() {
        Instant oldest = em.createQuery(
                        "select min(d.createdAt) from WebhookDelivery d where d.status in :open"
                                + " and exists (select e.id from WebhookEndpoint e where e.id = d.endpointId"
                                + " and e.enabled = true)",
                        Instant.class)
                .setParameter("open", List.of(DeliveryStatus.PENDING, DeliveryStatus.DELIVERING))
                .getSingleResult();
        return oldest == null ? Duration.ZERO : Duration.between(oldest, Database.now());
    }
}
