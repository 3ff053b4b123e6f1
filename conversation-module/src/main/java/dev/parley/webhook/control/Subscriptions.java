package dev.parley.webhook.control;

import dev.parley.webhook.entity.WebhookEndpoint;
import dev.parley.webhook.entity.WebhookEventType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Which enabled endpoints subscribe to which event type, as this node last read them: the outbox asks it for
 * every event, so a change on a node without webhooks costs a map lookup and no query. Invalidated at once by a
 * change on this node; a change on another node is seen within {@link #REFRESH} (an endpoint created there
 * receives events committed here from then on; a delivery written for an endpoint disabled or deleted meanwhile
 * waits, or is ignored).
 */
@ApplicationScoped
public class Subscriptions {

    static final Duration REFRESH = Duration.ofSeconds(1);

    @PersistenceContext
    EntityManager em;

    private volatile Snapshot snapshot;

    private record Snapshot(Map<WebhookEventType, List<Long>> endpoints, long readAtNanos) {}

    /** The ids of the enabled endpoints subscribed to this type; empty when none. */
    public List<Long> endpointsFor(WebhookEventType type) {
        Snapshot current = snapshot;
        if (current == null || System.nanoTime() - current.readAtNanos() > REFRESH.toNanos()) {
            current = read();
            snapshot = current;
        }
        return current.endpoints().getOrDefault(type, List.of());
    }

    /** Forgets what was read: the next event reads the endpoints again. */
    public void invalidate() {
        snapshot = null;
    }

    private Snapshot read() {
        long now = System.nanoTime();
        Map<WebhookEventType, List<Long>> endpoints = new EnumMap<>(WebhookEventType.class);
        for (WebhookEndpoint endpoint : em.createNamedQuery(WebhookEndpoint.FIND_ENABLED, WebhookEndpoint.class)
                .getResultList()) {
            for (WebhookEventType type : endpoint.eventTypes()) {
                endpoints.computeIfAbsent(type, key -> new ArrayList<>()).add(endpoint.getId());
            }
        }
        return new Snapshot(endpoints, now);
    }
}
