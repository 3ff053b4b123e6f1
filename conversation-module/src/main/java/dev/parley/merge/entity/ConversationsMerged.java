package dev.parley.merge.entity;

import java.util.Set;

/**
 * Fired in the transaction that merged conversation {@code from} into {@code into}, once per source;
 * {@code contactIds} are the visitors of both, whose widgets switch to {@code into} after commit.
 */
public record ConversationsMerged(Set<Long> contactIds, long from, long into) {}
