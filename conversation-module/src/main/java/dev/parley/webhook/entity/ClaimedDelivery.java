package dev.parley.webhook.entity;

import java.time.Instant;

/** What a node needs to post one claimed delivery outside any transaction, and the lease that proves the claim. */
public record ClaimedDelivery(
        long deliveryId, long endpointId, String url, String secret, String eventId, String body, Instant leaseUntil) {

    @Override
    public String toString() {
        // never the secret nor the body in a log line
        return "delivery " + deliveryId + " of " + eventId + " to endpoint " + endpointId;
    }
}
