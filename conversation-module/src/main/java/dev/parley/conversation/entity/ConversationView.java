package dev.parley.conversation.entity;

import java.time.Instant;
import java.util.List;

/** A conversation as clients see it; {@code messages} is null in lists. */
public record ConversationView(
        long id,
        long contactId,
        long inboxId,
        String status,
        Long mergedInto,
        Instant createdAt,
        Instant updatedAt,
        List<MessageView> messages) {

    public static ConversationView of(Conversation conversation, List<MessageView> messages) {
        return new ConversationView(
                conversation.getId(),
                conversation.getContact().getId(),
                conversation.getInbox().getId(),
                conversation.getStatus().name(),
                conversation.getMergedIntoId(),
                conversation.getCreatedAt(),
                conversation.getUpdatedAt(),
                messages);
    }
}
