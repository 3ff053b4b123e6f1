package dev.parley.webhook.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One outbox entry: written in the transaction of the change it describes, so it exists exactly when the
 * change does. {@code eventId} is the {@code webhook-id} of every attempt; {@code payload} the exact body.
 */
@Entity
@Table(name = "webhook_event")
@NamedQuery(
        name = WebhookEvent.ABOUT,
        query = "select e from WebhookEvent e where e.contactId in :contacts or e.conversationId in :conversations")
public class WebhookEvent {

    public static final String ABOUT = "WebhookEvent.about";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "event_id")
    private String eventId;

    private String type;

    @Column(name = "conversation_id")
    private Long conversationId;

    @Column(name = "contact_id")
    private Long contactId;

    private String payload;

    @Column(name = "created_at")
    private Instant createdAt;

    protected WebhookEvent() {}

    public WebhookEvent(
            String eventId, WebhookEventType type, Long conversationId, Long contactId, String payload, Instant now) {
        this.eventId = eventId;
        this.type = type.wireName();
        this.conversationId = conversationId;
        this.contactId = contactId;
        this.payload = payload;
        this.createdAt = now;
    }

    public Long getId() {
        return id;
    }

    public String getEventId() {
        return eventId;
    }

    public String getType() {
        return type;
    }

    public Long getConversationId() {
        return conversationId;
    }

    public Long getContactId() {
        return contactId;
    }

    public String getPayload() {
        return payload;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    /** The body without the visitor's data, after an erasure: the id, type and order stay. */
    public void scrub(String scrubbedPayload) {
        this.payload = scrubbedPayload;
    }

    /** The key deliveries of one endpoint are ordered by: the conversation, or else the contact. */
    public String orderKey() {
        return conversationId != null ? "conversation:" + conversationId : "contact:" + contactId;
    }
}
