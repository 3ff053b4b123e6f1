package dev.parley.conversation.entity;

/**
 * Fired once per message in the transaction that stored it ({@link MessageCreated} is fired once per
 * reader); observed after commit, where a message counts as written.
 */
public record MessageStored(MessageView message) {}
