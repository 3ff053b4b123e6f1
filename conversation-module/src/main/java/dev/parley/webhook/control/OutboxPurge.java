package dev.parley.webhook.control;

import dev.parley.webhook.entity.DeliveryStatus;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;

/**
 * The outbox's share of the retention job: deletes events older than {@code parley.webhooks.keep} (30 days by
 * default) whose every delivery is finished (DELIVERED or FAILED), with those deliveries, a batch per
 * transaction. A delivery an admin sends again meanwhile is PENDING, and the database re-checks each row's
 * status under its lock, so it and its event stay.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class OutboxPurge {

    public static final int BATCH = 500;

    @PersistenceContext
    EntityManager em;

    @Inject
    WebhookSettings settings;

    /** One batch; the caller repeats while a batch comes back full. */
    public int deleteFinished(Instant now) {
        Instant before = now.minus(settings.keep());
        List<Long> ids = em.createQuery(
                        "select e.id from WebhookEvent e where e.createdAt < :before and not exists"
                                + " (select d.id from WebhookDelivery d where d.eventId = e.id and d.status in :open)"
                                + " order by e.id",
                        Long.class)
                .setParameter("before", before)
                .setParameter("open", List.of(DeliveryStatus.PENDING, DeliveryStatus.DELIVERING))
                .setMaxResults(BATCH)
                .getResultList();
        if (ids.isEmpty()) {
            return 0;
        }
        em.createQuery("delete from WebhookDelivery d where d.eventId in :ids and d.status in :finished")
                .setParameter("ids", ids)
                .setParameter("finished", List.of(DeliveryStatus.DELIVERED, DeliveryStatus.FAILED))
                .executeUpdate();
        return em.createQuery("delete from WebhookEvent e where e.id in :ids and not exists"
                        + " (select d.id from WebhookDelivery d where d.eventId = e.id)")
                .setParameter("ids", ids)
                .executeUpdate();
    }
}
