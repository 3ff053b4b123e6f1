package dev.parley.conversation.entity;

/** An agent started or stopped typing in a conversation; the visitor's widget shows it. Not stored. */
public record AgentTyping(long conversationId, long contactId, boolean typing) {}
