package dev.parley.conversation.entity;

import java.time.Instant;
import java.util.List;

/**
 * A conversation as clients see it; {@code messages} is null in lists. {@code contact} (its visitor,
 * with the verified mark) is given to agents only ({@link #forAgents}) and left out for visitors, as are
 * {@code assignee} (absent while nobody has the conversation) and {@code unread}, the number of visitor
 * messages the agent asking has not seen ({@link #forAgent}).
 */
public record ConversationView(
        long id,
        long contactId,
        long inboxId,
        String status,
        Long mergedInto,
        Instant createdAt,
        Instant updatedAt,
        List<MessageView> messages,
        ConversationContact contact,
        Assignee assignee,
        Long unread) {

    public static ConversationView of(Conversation conversation, List<MessageView> messages) {
        return new ConversationView(
                conversation.getId(),
                conversation.getContact().getId(),
                conversation.getInbox().getId(),
                conversation.getStatus().name(),
                conversation.getMergedIntoId(),
                conversation.getCreatedAt(),
                conversation.getUpdatedAt(),
                messages,
                null,
                null,
                null);
    }

    /** As {@link #of}, with the visitor and whether their identity is verified. */
    public static ConversationView forAgents(Conversation conversation, List<MessageView> messages) {
        ConversationView view = of(conversation, messages);
        return new ConversationView(
                view.id(),
                view.contactId(),
                view.inboxId(),
                view.status(),
                view.mergedInto(),
                view.createdAt(),
                view.updatedAt(),
                messages,
                ConversationContact.of(conversation.getContact()),
                null,
                null);
    }

    /** This agent view with its assignee and the unread count of the agent asking. */
    public ConversationView forAgent(Assignee assignee, long unread) {
        return new ConversationView(
                id, contactId, inboxId, status, mergedInto, createdAt, updatedAt, messages, contact, assignee, unread);
    }
}
