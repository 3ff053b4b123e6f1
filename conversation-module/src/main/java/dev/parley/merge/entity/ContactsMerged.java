package dev.parley.merge.entity;

/**
 * Fired in the transaction that merged contact {@code mergedId} into the older {@code survivorId}:
 * from then on the merged contact's token, and its open sockets, speak for the survivor.
 */
public record ContactsMerged(long survivorId, long mergedId) {}
