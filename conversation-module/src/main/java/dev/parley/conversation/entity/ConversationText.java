package dev.parley.conversation.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One piece of text a conversation can be found by, lower-cased: each of its messages, its visitor's name and
 * its visitor's email. A read-only view ({@code conversation_text}, V16) over {@code message} and
 * {@code contact}, so that the list's text search ({@code q}) is one {@code c.id in (select …)} over a
 * {@code UNION ALL}: PostgreSQL pushes the {@code like} into each branch, where a trigram index serves it, and
 * reads only the matching conversations. Written as an {@code OR} of the three (JPQL has no union), the search
 * read every conversation (docs/BENCHMARKS.md, "text search by trigram index"). Never written.
 */
@Entity
@Table(name = "conversation_text")
public class ConversationText {

    /** {@code message:}, {@code name:} or {@code email:} and the message's or the conversation's id. */
    @Id
    private String id;

    @Column(name = "conversation_id")
    private Long conversationId;

    private String text;

    protected ConversationText() {}

    public Long getConversationId() {
        return conversationId;
    }

    public String getText() {
        return text;
    }
}
