package dev.parley.conversation.entity;

/**
 * Fired in the transaction that created a conversation; observed after commit at the edges. {@code autoAssign}:
 * whether its inbox assigns new conversations automatically, as read in that transaction, so the round robin
 * is only started for the inboxes that ask for it.
 */
public record ConversationCreated(long contactId, ConversationView conversation, boolean autoAssign) {}
