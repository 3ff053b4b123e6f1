package dev.parley.start.entity;

/**
 * The answer to a conversation start, as sent to the client and as stored for replays:
 * 201 for a new conversation, 200 for the visitor's already open one.
 */
public record StartResult(int status, String body, long conversationId, boolean replayed) {

    /** How the metrics name this answer: {@code replayed}, {@code created} (201) or {@code existing} (200). */
    public String outcome() {
        return replayed ? "replayed" : status == 201 ? "created" : "existing";
    }

    public StartResult asReplay() {
        return new StartResult(status, body, conversationId, true);
    }
}
