package dev.parley.conversation.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;

/**
 * The newest message an agent has seen in a conversation. The visitor's messages after it are the agent's
 * unread ones. Written only by an upsert that keeps the greater id, so it never moves backwards; read by
 * the unread counts of the list, the details and the tab title.
 */
@Entity
@Table(name = "conversation_seen")
@IdClass(SeenMark.Key.class)
public class SeenMark {

    @Id
    @Column(name = "agent_id")
    private Long agentId;

    @Id
    @Column(name = "conversation_id")
    private Long conversationId;

    @Column(name = "last_seen_message_id")
    private Long lastSeenMessageId;

    protected SeenMark() {}

    public Long getAgentId() {
        return agentId;
    }

    public Long getConversationId() {
        return conversationId;
    }

    public Long getLastSeenMessageId() {
        return lastSeenMessageId;
    }

    /** The composite key: one mark per agent and conversation. */
    public static class Key implements Serializable {

        private Long agentId;
        private Long conversationId;

        public Key() {}

        public Key(Long agentId, Long conversationId) {
            this.agentId = agentId;
            this.conversationId = conversationId;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key
                    && Objects.equals(agentId, key.agentId)
                    && Objects.equals(conversationId, key.conversationId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(agentId, conversationId);
        }
    }
}
