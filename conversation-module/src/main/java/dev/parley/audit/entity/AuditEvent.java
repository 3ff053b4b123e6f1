package dev.parley.audit.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One thing somebody did, and how it ended. Append-only, with one exception: erasing a visitor's personal data
 * replaces it in the details of the entries about them ({@link #scrub}).
 */
@Entity
@Table(name = "audit_event")
@NamedQuery(
        name = AuditEvent.FIND_BY_REQUEST,
        query = "select a from AuditEvent a where a.requestId = :requestId order by a.id")
@NamedQuery(
        name = AuditEvent.FIND_BY_CONTACT,
        query = "select a from AuditEvent a where a.contactId = :contactId order by a.id")
public class AuditEvent {

    public static final String FIND_BY_REQUEST = "AuditEvent.findByRequest";
    public static final String FIND_BY_CONTACT = "AuditEvent.findByContact";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "occurred_at")
    private Instant occurredAt;

    private String action;

    private String outcome;

    private String actor;

    @Column(name = "request_id")
    private String requestId;

    @Column(name = "contact_id")
    private Long contactId;

    @Column(name = "conversation_id")
    private Long conversationId;

    private String detail;

    protected AuditEvent() {}

    public AuditEvent(
            Instant occurredAt,
            String action,
            String outcome,
            String actor,
            String requestId,
            Long contactId,
            Long conversationId,
            String detail) {
        this.occurredAt = occurredAt;
        this.action = action;
        this.outcome = outcome;
        this.actor = actor;
        this.requestId = requestId;
        this.contactId = contactId;
        this.conversationId = conversationId;
        this.detail = detail;
    }

    /** Replaces each of {@code data} in the detail with {@code placeholder}, longest first (a name inside an email). */
    public void scrub(java.util.Collection<String> data, String placeholder) {
        if (detail == null) {
            return;
        }
        String scrubbed = detail;
        for (String datum : data.stream()
                .sorted(java.util.Comparator.comparingInt(String::length).reversed())
                .toList()) {
            scrubbed = scrubbed.replace(datum, placeholder);
        }
        this.detail = scrubbed;
    }

    public Long getId() {
        return id;
    }

    public Instant getOccurredAt() {
        return occurredAt;
    }

    public String getAction() {
        return action;
    }

    public String getOutcome() {
        return outcome;
    }

    public String getActor() {
        return actor;
    }

    public String getRequestId() {
        return requestId;
    }

    public Long getContactId() {
        return contactId;
    }

    public Long getConversationId() {
        return conversationId;
    }

    public String getDetail() {
        return detail;
    }
}
