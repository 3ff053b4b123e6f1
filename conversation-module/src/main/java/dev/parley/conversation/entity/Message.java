package dev.parley.conversation.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import java.time.Instant;

/**
 * One line of a timeline. {@code originConversationId} remembers where the message was written,
 * so a merge can move it and an unmerge can move it back.
 */
@Entity
@NamedQuery(
        name = Message.FIND_AFTER,
        query = "select m from Message m where m.conversationId = :conversationId and m.id > :after order by m.id")
@NamedQuery(
        name = Message.FIND_BY_ECHO,
        query = "select m from Message m where m.originConversationId = :conversationId and m.echoId = :echoId")
@NamedQuery(
        name = Message.FIND_LAST_FROM,
        query =
                "select m from Message m where m.conversationId = :conversationId and m.sender = :sender order by m.id desc")
@NamedQuery(
        name = Message.FIND_TIMELINE,
        query = "select m from Message m where m.conversationId = :conversationId order by m.createdAt, m.id")
@NamedQuery(
        name = Message.FIND_IDS_IN,
        query = "select m.id from Message m where m.conversationId = :conversationId order by m.id")
@NamedQuery(name = Message.MOVE, query = "update Message m set m.conversationId = :to where m.id in :ids")
@NamedQuery(name = Message.FIND_HOLDERS, query = "select distinct m.conversationId from Message m where m.id in :ids")
@NamedQuery(
        name = Message.FIND_FIRST,
        query =
                "select m from Message m where m.conversationId = :conversationId and m.sender = dev.parley.conversation.entity.Sender.CONTACT order by m.id")
public class Message {

    /** What a message says once its text was removed, by retention or by its visitor's erasure. */
    public static final String REMOVED_TEXT = "[removed]";

    /** The longest message a visitor or an agent may send, in characters. */
    public static final int CONTENT_LIMIT = 10_000;

    public static final String FIND_TIMELINE = "Message.findTimeline";
    public static final String FIND_IDS_IN = "Message.findIdsIn";
    public static final String MOVE = "Message.move";
    public static final String FIND_HOLDERS = "Message.findHolders";
    public static final String FIND_FIRST = "Message.findFirst";

    public static final String FIND_AFTER = "Message.findAfter";
    public static final String FIND_BY_ECHO = "Message.findByEcho";
    public static final String FIND_LAST_FROM = "Message.findLastFrom";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "conversation_id")
    private Long conversationId;

    @Column(name = "origin_conversation_id")
    private Long originConversationId;

    @Enumerated(EnumType.STRING)
    private Sender sender;

    private String author;

    private String content;

    @Column(name = "echo_id")
    private String echoId;

    @Column(name = "created_at")
    private Instant createdAt;

    @Column(name = "redacted_at")
    private Instant redactedAt;

    protected Message() {}

    public Message(
            long conversationId, Sender sender, String author, String content, String echoId, Instant createdAt) {
        this.conversationId = conversationId;
        this.originConversationId = conversationId;
        this.sender = sender;
        this.author = author;
        this.content = content;
        this.echoId = echoId;
        this.createdAt = createdAt;
    }

    public Long getId() {
        return id;
    }

    public Long getConversationId() {
        return conversationId;
    }

    public Long getOriginConversationId() {
        return originConversationId;
    }

    public Sender getSender() {
        return sender;
    }

    public String getAuthor() {
        return author;
    }

    public String getContent() {
        return content;
    }

    public String getEchoId() {
        return echoId;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    /** When the text was removed (retention or erasure); null while the message says what was written. */
    public Instant getRedactedAt() {
        return redactedAt;
    }
}
