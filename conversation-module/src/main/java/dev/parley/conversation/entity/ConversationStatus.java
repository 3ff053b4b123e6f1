package dev.parley.conversation.entity;

/** OPEN and PENDING are live: a visitor has at most one live conversation per inbox. */
public enum ConversationStatus {
    OPEN,
    PENDING,
    RESOLVED,
    MERGED;

    public boolean isLive() {
        return this == OPEN || this == PENDING;
    }
}
