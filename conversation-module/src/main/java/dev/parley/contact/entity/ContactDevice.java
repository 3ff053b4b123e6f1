package dev.parley.contact.entity;

import java.time.Instant;

/** One device (token) of a contact as the console lists it; {@code revokedAt} is null while it works. */
public record ContactDevice(long tokenId, long contactId, Instant createdAt, Instant lastUsedAt, Instant revokedAt) {

    public static ContactDevice of(ContactToken token) {
        return new ContactDevice(
                token.getId(),
                token.getContact().getId(),
                token.getCreatedAt(),
                token.getLastUsedAt(),
                token.getRevokedAt());
    }
}
