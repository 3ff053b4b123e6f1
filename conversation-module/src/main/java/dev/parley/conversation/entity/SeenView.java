package dev.parley.conversation.entity;

/**
 * The answer to "seen": the newest message the agent has now seen in the conversation, its unread count
 * there (0 unless the visitor wrote meanwhile) and its unread total for the tab title.
 */
public record SeenView(long conversationId, long lastSeenMessageId, long unread, long totalUnread) {}
