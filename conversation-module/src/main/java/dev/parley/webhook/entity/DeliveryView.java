package dev.parley.webhook.entity;

import java.time.Instant;

/** A delivery as admins see it: which event, where it stands, and the last attempt's answer. */
public record DeliveryView(
        long id,
        long endpointId,
        String eventId,
        String type,
        Long conversationId,
        Long contactId,
        String status,
        int attempts,
        Integer lastResponseCode,
        String lastError,
        Instant createdAt,
        Instant lastAttemptAt,
        Instant nextAttemptAt,
        Instant deliveredAt) {}
