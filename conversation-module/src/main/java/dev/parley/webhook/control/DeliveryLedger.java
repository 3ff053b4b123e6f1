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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The worker's short transactions: {@link #claim} takes due deliveries with {@code FOR UPDATE SKIP LOCKED}, with
 * those right behind them in their lines, and leases them, so across a cluster exactly one node posts each; {@link #record} writes a batch's outcomes,
 * each only while its lease is still the caller's. Both are short and cost a few statements per batch, not per
 * delivery: the worker keeps up with the start rate on the same database. A delivery is never claimed while an earlier one of the same
 * endpoint and conversation is PENDING or DELIVERING, unless the same claim takes that one too and the worker
 * posts them one after the other: events reach an endpoint in order per conversation.
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

    /**
     * The deliveries behind the given heads in their lines (same endpoint and order key, later id) that are not
     * finished, in id order, each with whether it is due by itself. Nobody else can claim them while their head
     * is locked or leased: for another claim a PENDING or DELIVERING head bars its whole line.
     */
    private static final String BEHIND = "select f.id, f.endpoint_id, f.order_key,"
            + " case when (f.status = 'PENDING' and f.next_attempt_at <= :now)"
            + " or (f.status = 'DELIVERING' and f.claimed_until < :now) then 1 else 0 end"
            + " from webhook_delivery h join webhook_delivery f on f.endpoint_id = h.endpoint_id"
            + " and f.order_key = h.order_key and f.id > h.id"
            + " where h.id in (:heads) and f.status in ('PENDING', 'DELIVERING')"
            + " order by f.id fetch first %d rows only";

    /**
     * Locks up to {@code limit} due deliveries first in their lines (the heads), takes with each head the due
     * deliveries right behind it in its line (up to {@code limit} in all: a new conversation's first message
     * leaves with its {@code conversation.created}, not one claim later), leases them all and reads what posting
     * them takes: four statements whatever the batch's size. The worker posts a line's deliveries one after
     * another and stops at the first that fails, so the order per conversation holds.
     *
     * @return the claimed deliveries in id order, of at most {@code limit} lines
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public List<ClaimedDelivery> claim(int limit) {
        Instant now = Database.now();
        Instant leaseUntil = now.plus(settings.lease());
        List<Long> heads = em.createNativeQuery(DUE.formatted(limit)).setParameter(1, now).getResultList().stream()
                .map(id -> ((Number) id).longValue())
                .toList();
        if (heads.isEmpty()) {
            return List.of();
        }
        List<Long> ids = new ArrayList<>(heads);
        ids.addAll(behind(heads, now, limit));
        em.createQuery("update WebhookDelivery d set d.status = :delivering, d.claimedUntil = :lease"
                        + " where d.id in :ids")
                .setParameter("delivering", DeliveryStatus.DELIVERING)
                .setParameter("lease", leaseUntil)
                .setParameter("ids", ids)
                .executeUpdate();
        return em.createQuery(
                        "select d.id, p.id, d.orderKey, p.url, p.secret, e.eventId, e.payload"
                                + " from WebhookDelivery d, WebhookEndpoint p, WebhookEvent e"
                                + " where d.id in :ids and p.id = d.endpointId and e.id = d.eventId order by d.id",
                        Object[].class)
                .setParameter("ids", ids)
                .getResultStream()
                .map(row -> new ClaimedDelivery(
                        (Long) row[0],
                        (Long) row[1],
                        (String) row[2],
                        (String) row[3],
                        (String) row[4],
                        (String) row[5],
                        (String) row[6],
                        leaseUntil))
                .toList();
    }

    /** Of each head's line, the due deliveries right behind it, up to the first that is not due. */
    private List<Long> behind(List<Long> heads, Instant now, int limit) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(BEHIND.formatted(limit))
                .setParameter("now", now)
                .setParameter("heads", heads)
                .getResultList();
        List<Long> taken = new ArrayList<>();
        Set<String> stopped = new HashSet<>();
        for (Object[] row : rows) {
            String line = ClaimedDelivery.line(((Number) row[1]).longValue(), (String) row[2]);
            if (stopped.contains(line)) {
                continue;
            }
            if (((Number) row[3]).intValue() == 1) {
                taken.add(((Number) row[0]).longValue());
            } else {
                stopped.add(line);
            }
        }
        return taken;
    }

    /**
     * Records the attempts of one claimed batch in one transaction, each only while its lease is still the
     * caller's (otherwise another node owns the delivery now, and it counts as lost here). Deliveries that
     * succeeded are marked in one statement per endpoint and response code; a failure is rare and recorded row
     * by row, with its retry or, after the last one, its endpoint's failure count. A delivery
     * {@linkplain DeliveryOutcome#skipped() skipped} behind a failure of its line goes back to PENDING as it was.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void record(List<ClaimedDelivery> claimed, List<DeliveryOutcome> outcomes) {
        Instant now = Database.now();
        Map<List<Object>, List<ClaimedDelivery>> delivered = new LinkedHashMap<>();
        Map<Instant, List<Long>> skipped = new LinkedHashMap<>();
        for (int i = 0; i < claimed.size(); i++) {
            ClaimedDelivery delivery = claimed.get(i);
            DeliveryOutcome outcome = outcomes.get(i);
            if (!outcome.attempted()) {
                skipped.computeIfAbsent(delivery.leaseUntil(), lease -> new ArrayList<>())
                        .add(delivery.deliveryId());
            } else if (outcome.delivered()) {
                delivered
                        .computeIfAbsent(
                                List.of(delivery.endpointId(), outcome.responseCode(), delivery.leaseUntil()),
                                group -> new ArrayList<>())
                        .add(delivery);
            } else {
                recordFailure(delivery, outcome, now);
            }
        }
        // behind a failed delivery of their line: back in line as they were, no attempt counted
        skipped.forEach((lease, ids) -> em.createQuery(
                        "update WebhookDelivery d set d.status = :pending,"
                                + " d.claimedUntil = null where d.id in :ids and d.status = :delivering and d.claimedUntil = :lease")
                .setParameter("pending", DeliveryStatus.PENDING)
                .setParameter("ids", ids)
                .setParameter("delivering", DeliveryStatus.DELIVERING)
                .setParameter("lease", lease)
                .executeUpdate());
        delivered.forEach((group, deliveries) -> {
            int recorded = em.createQuery("update WebhookDelivery d set d.status = :delivered,"
                            + " d.attempts = d.attempts + 1, d.lastAttemptAt = :now, d.lastResponseCode = :code,"
                            + " d.lastError = null, d.claimedUntil = null, d.deliveredAt = :now"
                            + " where d.id in :ids and d.status = :delivering and d.claimedUntil = :lease")
                    .setParameter("delivered", DeliveryStatus.DELIVERED)
                    .setParameter("now", now)
                    .setParameter("code", group.get(1))
                    .setParameter(
                            "ids",
                            deliveries.stream().map(ClaimedDelivery::deliveryId).toList())
                    .setParameter("delivering", DeliveryStatus.DELIVERING)
                    .setParameter("lease", group.get(2))
                    .executeUpdate();
            for (int i = 0; i < recorded; i++) {
                stats.delivered();
            }
            for (int i = recorded; i < deliveries.size(); i++) {
                stats.lost();
            }
            if (recorded > 0) {
                WebhookEndpoint endpoint = em.find(WebhookEndpoint.class, group.get(0));
                if (endpoint != null && endpoint.getConsecutiveFailures() > 0) {
                    em.lock(endpoint, LockModeType.PESSIMISTIC_WRITE);
                    endpoint.delivered();
                }
            }
        });
    }

    private void recordFailure(ClaimedDelivery claimed, DeliveryOutcome outcome, Instant now) {
        WebhookDelivery delivery = em.find(WebhookDelivery.class, claimed.deliveryId(), LockModeType.PESSIMISTIC_WRITE);
        if (delivery == null || !delivery.leasedUntil(claimed.leaseUntil())) {
            stats.lost();
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
