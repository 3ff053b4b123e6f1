package dev.parley.merge.entity;

/**
 * Fired in the transaction that merged the anonymous contact {@code mergedId} into the verified
 * {@code survivorId} (its visitor identified): from then on the merged contact's tokens, and its open
 * sockets, speak for the survivor.
 */
public record ContactsMerged(long survivorId, long mergedId) {}
