package dev.parley.conversation.entity;

/** Fired when a conversation is resolved, reopened, set pending or merged away. */
public record ConversationStatusChanged(long contactId, long conversationId, String status) {}
