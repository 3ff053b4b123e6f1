package dev.parley.webhook.entity;

import java.time.Instant;
import java.util.List;

/** An endpoint as admins see it; {@code secret} only in the answer that created it (null elsewhere). */
public record WebhookEndpointView(
        long id,
        String url,
        List<String> events,
        String secret,
        boolean enabled,
        String disabledReason,
        int consecutiveFailures,
        Instant createdAt,
        String createdBy,
        Instant updatedAt,
        String updatedBy) {}
