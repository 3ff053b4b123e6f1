package dev.parley.webhook.entity;

/**
 * Where one event's delivery to one endpoint stands: waiting (PENDING, maybe until a retry time), being posted
 * by one node under a lease (DELIVERING), answered 2xx (DELIVERED), or given up after the retry span (FAILED).
 */
public enum DeliveryStatus {
    PENDING,
    DELIVERING,
    DELIVERED,
    FAILED
}
