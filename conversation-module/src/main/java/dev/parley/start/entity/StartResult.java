package dev.parley.start.entity;

/**
 * The answer to a conversation start, as sent to the client and as stored for replays:
 * 201 for a new conversation, 200 for the visitor's already open one. {@code outcome} says how it was
 * answered, for counting: the rule's outcome for a start that ran its own transaction,
 * {@link StartOutcome#COALESCED} for one answered together with other starts of the visitor.
 */
public record StartResult(int status, String body, long conversationId, boolean replayed, StartOutcome outcome) {

    /**
     * How the metrics count this answer: {@code created} for the start that made the conversation (alone or
     * in a group), else {@code replayed} (its key's stored answer), {@code coalesced} (answered together with
     * other starts of the visitor) or {@code existing} (the visitor's open conversation).
     */
    public String countedAs() {
        if (!replayed && status == 201) {
            return "created";
        }
        return switch (outcome) {
            case COALESCED -> "coalesced";
            case REPLAYED -> "replayed";
            default -> "existing";
        };
    }

    /** This answer for a request with the same key that waited for it: marked replayed, counted as coalesced. */
    public StartResult asReplay() {
        return new StartResult(status, body, conversationId, true, StartOutcome.COALESCED);
    }
}
