package dev.parley.webhook.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One event to one endpoint. A node posts it only while it holds the lease ({@code claimedUntil}) it set when
 * it claimed the row (DeliveryLedger claims in bulk); the outcome is recorded only if the lease is still that node's.
 */
@Entity
@Table(name = "webhook_delivery")
@NamedQuery(
        name = WebhookDelivery.FIND_BY_ENDPOINT,
        query = "select d from WebhookDelivery d where d.endpointId = :endpointId order by d.id desc")
@NamedQuery(
        name = WebhookDelivery.DELETE_BY_ENDPOINT,
        query = "delete from WebhookDelivery d where d.endpointId = :endpointId")
public class WebhookDelivery {

    public static final String FIND_BY_ENDPOINT = "WebhookDelivery.findByEndpoint";
    public static final String DELETE_BY_ENDPOINT = "WebhookDelivery.deleteByEndpoint";
    private static final int ERROR_LIMIT = 500;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "endpoint_id")
    private long endpointId;

    @Column(name = "event_id")
    private long eventId;

    @Column(name = "order_key")
    private String orderKey;

    @Enumerated(EnumType.STRING)
    private DeliveryStatus status;

    private int attempts;

    @Column(name = "next_attempt_at")
    private Instant nextAttemptAt;

    @Column(name = "claimed_until")
    private Instant claimedUntil;

    @Column(name = "retry_since")
    private Instant retrySince;

    @Column(name = "last_attempt_at")
    private Instant lastAttemptAt;

    @Column(name = "last_response_code")
    private Integer lastResponseCode;

    @Column(name = "last_error")
    private String lastError;

    @Column(name = "delivered_at")
    private Instant deliveredAt;

    @Column(name = "created_at")
    private Instant createdAt;

    protected WebhookDelivery() {}

    public WebhookDelivery(long endpointId, WebhookEvent event, Instant now) {
        this.endpointId = endpointId;
        this.eventId = event.getId();
        this.orderKey = event.orderKey();
        this.status = DeliveryStatus.PENDING;
        this.nextAttemptAt = now;
        this.retrySince = now;
        this.createdAt = now;
    }

    /** Whether the lease set by the claim that ends with {@code leaseUntil} is still this row's. */
    public boolean leasedUntil(Instant leaseUntil) {
        return status == DeliveryStatus.DELIVERING && leaseUntil.equals(claimedUntil);
    }

    public void delivered(int responseCode, Instant now) {
        attempted(now, responseCode, null);
        status = DeliveryStatus.DELIVERED;
        deliveredAt = now;
    }

    /** A failed attempt: PENDING until {@code next}, or FAILED when there is no next one. */
    public void failed(Integer responseCode, String error, Instant next, Instant now) {
        attempted(now, responseCode, error);
        if (next == null) {
            status = DeliveryStatus.FAILED;
        } else {
            status = DeliveryStatus.PENDING;
            nextAttemptAt = next;
        }
    }

    /** An admin's redelivery: pending now, with a fresh retry span; the event (and its id) stay the same. */
    public void redeliver(Instant now) {
        status = DeliveryStatus.PENDING;
        nextAttemptAt = now;
        retrySince = now;
        claimedUntil = null;
    }

    private void attempted(Instant now, Integer responseCode, String error) {
        attempts++;
        lastAttemptAt = now;
        lastResponseCode = responseCode;
        lastError = error == null || error.length() <= ERROR_LIMIT ? error : error.substring(0, ERROR_LIMIT);
        claimedUntil = null;
    }

    public Long getId() {
        return id;
    }

    public long getEndpointId() {
        return endpointId;
    }

    public long getEventId() {
        return eventId;
    }

    public DeliveryStatus getStatus() {
        return status;
    }

    public int getAttempts() {
        return attempts;
    }

    public Instant getRetrySince() {
        return retrySince;
    }

    public DeliveryView view(WebhookEvent event) {
        return new DeliveryView(
                id,
                endpointId,
                event.getEventId(),
                event.getType(),
                event.getConversationId(),
                event.getContactId(),
                status.name(),
                attempts,
                lastResponseCode,
                lastError,
                createdAt,
                lastAttemptAt,
                status == DeliveryStatus.PENDING ? nextAttemptAt : null,
                deliveredAt);
    }
}
