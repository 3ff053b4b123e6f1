package dev.parley.merge.entity;

import java.util.Set;

/**
 * Fired in the transaction that took {@code conversationId} back out of {@code from}; the widgets of
 * {@code contactIds} reload both timelines after commit.
 */
public record ConversationUnmerged(Set<Long> contactIds, long conversationId, long from) {}
