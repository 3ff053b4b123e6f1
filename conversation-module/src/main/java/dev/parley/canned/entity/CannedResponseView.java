package dev.parley.canned.entity;

import java.time.Instant;

/** A canned response as the agent API and the console show it; {@code createdBy}/{@code updatedBy} are user names. */
public record CannedResponseView(
        long id,
        long inboxId,
        String shortCode,
        String title,
        String content,
        Instant createdAt,
        String createdBy,
        Instant updatedAt,
        String updatedBy) {}
