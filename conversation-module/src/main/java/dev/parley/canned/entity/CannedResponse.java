package dev.parley.canned.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A saved reply of an inbox: a short code agents type after {@code /}, a title, and the text, which may
 * hold the {@link Placeholders}. The code is unique per inbox (a database constraint); {@link CannedText}
 * checks every field before it gets here.
 */
@Entity
@Table(name = "canned_response")
@NamedQuery(
        name = CannedResponse.FIND_BY_CODE,
        query = "select c from CannedResponse c where c.inboxId = :inboxId and c.shortCode = :shortCode")
public class CannedResponse {

    public static final String FIND_BY_CODE = "CannedResponse.findByCode";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "inbox_id")
    private Long inboxId;

    @Column(name = "short_code")
    private String shortCode;

    private String title;

    private String content;

    @Column(name = "created_at")
    private Instant createdAt;

    @Column(name = "created_by")
    private String createdBy;

    @Column(name = "updated_at")
    private Instant updatedAt;

    @Column(name = "updated_by")
    private String updatedBy;

    protected CannedResponse() {}

    public CannedResponse(long inboxId, CannedText text, String agent, Instant now) {
        this.inboxId = inboxId;
        this.createdAt = now;
        this.createdBy = agent;
        change(text, agent, now);
    }

    public final void change(CannedText text, String agent, Instant now) {
        this.shortCode = text.shortCode();
        this.title = text.title();
        this.content = text.content();
        this.updatedAt = now;
        this.updatedBy = agent;
    }

    public Long getId() {
        return id;
    }

    public Long getInboxId() {
        return inboxId;
    }

    public String getShortCode() {
        return shortCode;
    }

    public String getTitle() {
        return title;
    }

    public String getContent() {
        return content;
    }

    public CannedResponseView view() {
        return new CannedResponseView(
                id, inboxId, shortCode, title, content, createdAt, createdBy, updatedAt, updatedBy);
    }
}
