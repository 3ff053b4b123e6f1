package dev.parley.webhook.entity;

import java.time.Instant;

/**
 * What a node needs to post one claimed delivery outside any transaction, and the lease that proves the claim.
 * Deliveries of one {@link #line()} (endpoint and conversation, or contact) must be posted in id order.
 */
public record ClaimedDelivery(
        long deliveryId,
        long endpointId,
        String orderKey,
        String url,
        String secret,
        String eventId,
        String body,
        Instant leaseUntil) {

    /** The endpoint and order key: deliveries of one line reach the endpoint one after another, in id order. */
    public String line() {
        return line(endpointId, orderKey);
    }

    /** The line of a delivery to this endpoint with this order key, as {@link #line()} names it. */
    public static String line(long endpointId, String orderKey) {
        return endpointId + " " + orderKey;
    }

    @Override
    public String toString() {
        // never the secret nor the body in a log line
        return "delivery " + deliveryId + " of " + eventId + " to endpoint " + endpointId;
    }
}
