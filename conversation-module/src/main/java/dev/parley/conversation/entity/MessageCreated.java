package dev.parley.conversation.entity;

/** Fired in the transaction that stored a message; observed after commit at the edges. */
public record MessageCreated(long contactId, MessageView message) {}
