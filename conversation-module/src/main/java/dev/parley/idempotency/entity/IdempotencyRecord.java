package dev.parley.idempotency.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * The stored outcome of one request with an Idempotency-Key, scoped to the contact that sent it.
 * Written in the same transaction as the conversation it created, so it exists exactly when the
 * effect exists.
 */
@Entity
@Table(name = "idempotency_record")
@NamedQuery(
        name = IdempotencyRecord.FIND_BY_KEY,
        query = "select r from IdempotencyRecord r where r.contactId = :contactId and r.key = :key")
@NamedQuery(
        name = IdempotencyRecord.FIND_BY_KEYS,
        query = "select r from IdempotencyRecord r where r.contactId = :contactId and r.key in :keys")
@NamedQuery(name = IdempotencyRecord.DELETE_EXPIRED, query = "delete from IdempotencyRecord r where r.expiresAt < :now")
public class IdempotencyRecord {

    public static final String FIND_BY_KEY = "IdempotencyRecord.findByKey";
    public static final String FIND_BY_KEYS = "IdempotencyRecord.findByKeys";
    public static final String DELETE_EXPIRED = "IdempotencyRecord.deleteExpired";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "contact_id")
    private Long contactId;

    @Column(name = "idempotency_key")
    private String key;

    @Column(name = "request_hash")
    private String requestHash;

    @Column(name = "response_status")
    private int responseStatus;

    @Column(name = "conversation_id")
    private Long conversationId;

    @Column(name = "created_at")
    private Instant createdAt;

    @Column(name = "expires_at")
    private Instant expiresAt;

    protected IdempotencyRecord() {}

    public IdempotencyRecord(
            long contactId,
            String key,
            String requestHash,
            int responseStatus,
            Long conversationId,
            Instant createdAt,
            Instant expiresAt) {
        this.contactId = contactId;
        this.key = key;
        this.requestHash = requestHash;
        this.responseStatus = responseStatus;
        this.conversationId = conversationId;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
    }

    public boolean isExpired(Instant now) {
        return expiresAt.isBefore(now);
    }

    public boolean matches(String requestHash) {
        return this.requestHash.equals(requestHash);
    }

    public Long getContactId() {
        return contactId;
    }

    public String getKey() {
        return key;
    }

    public String getRequestHash() {
        return requestHash;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getExpiresAt() {
        return expiresAt;
    }

    public int getResponseStatus() {
        return responseStatus;
    }

    public Long getConversationId() {
        return conversationId;
    }
}
