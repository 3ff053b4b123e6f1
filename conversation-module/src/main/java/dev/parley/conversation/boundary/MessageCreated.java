package dev.parley.conversation.boundary;

/** Fired in the transaction that stored a message; observed after commit at the edges. */
public record MessageCreated(long contactId, MessageView message) {
}
