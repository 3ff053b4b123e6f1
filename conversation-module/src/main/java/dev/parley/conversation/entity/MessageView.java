package dev.parley.conversation.entity;

import java.time.Instant;

/** A message as clients see it. */
public record MessageView(
        long id,
        long conversationId,
        long originConversationId,
        String sender,
        String author,
        String content,
        String echoId,
        Instant createdAt) {

    public static MessageView of(Message message) {
        return new MessageView(
                message.getId(),
                message.getConversationId(),
                message.getOriginConversationId(),
                message.getSender().name(),
                message.getAuthor(),
                message.getContent(),
                message.getEchoId(),
                message.getCreatedAt());
    }
}
