package dev.parley.conversation.entity;

/** Fired in the transaction that created a conversation; observed after commit at the edges. */
public record ConversationCreated(long contactId, ConversationView conversation) {}
