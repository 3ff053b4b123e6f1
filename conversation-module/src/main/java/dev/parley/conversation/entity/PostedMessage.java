package dev.parley.conversation.entity;

/** A stored message; {@code created} is false when an echo id repeated and the first copy is returned. */
public record PostedMessage(MessageView message, boolean created) {}
