package dev.parley.privacy.entity;

import java.time.Instant;

/** An erasure request as the agent API, the console and the widget show it; decidedAt and decidedBy while pending are null. */
public record ErasureRequestView(
        long id,
        long inboxId,
        long contactId,
        String status,
        Instant requestedAt,
        Instant decidedAt,
        String decidedBy) {

    public static ErasureRequestView of(ErasureRequest request) {
        return new ErasureRequestView(
                request.getId(),
                request.getInboxId(),
                request.getContactId(),
                request.getStatus().name(),
                request.getRequestedAt(),
                request.getDecidedAt(),
                request.getDecidedBy());
    }
}
