package dev.parley.privacy.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A visitor asked from the widget to have their data erased; an admin confirms (the data is erased in the
 * same transaction) or rejects it. {@code pendingContactId} mirrors the contact while the request waits: the
 * table's unique constraint on it allows one pending request per visitor, however often the widget asks.
 */
@Entity
@Table(name = "erasure_request")
@NamedQuery(
        name = ErasureRequest.FIND_PENDING_OF_CONTACT,
        query = "select r from ErasureRequest r where r.pendingContactId = :contactId")
@NamedQuery(
        name = ErasureRequest.FIND_BY_STATUS,
        query = "select r from ErasureRequest r where r.status = :status order by r.id")
@NamedQuery(name = ErasureRequest.FIND_ALL, query = "select r from ErasureRequest r order by r.id desc")
@NamedQuery(
        name = ErasureRequest.FIND_OF_CONTACTS,
        query = "select r from ErasureRequest r where r.contactId in :contactIds order by r.id")
public class ErasureRequest {

    public static final String FIND_PENDING_OF_CONTACT = "ErasureRequest.findPendingOfContact";
    public static final String FIND_BY_STATUS = "ErasureRequest.findByStatus";
    public static final String FIND_ALL = "ErasureRequest.findAll";
    public static final String FIND_OF_CONTACTS = "ErasureRequest.findOfContacts";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "inbox_id")
    private Long inboxId;

    @Column(name = "contact_id")
    private Long contactId;

    @Column(name = "pending_contact_id")
    private Long pendingContactId;

    @Enumerated(EnumType.STRING)
    private ErasureRequestStatus status;

    @Column(name = "requested_at")
    private Instant requestedAt;

    @Column(name = "decided_at")
    private Instant decidedAt;

    @Column(name = "decided_by")
    private String decidedBy;

    protected ErasureRequest() {}

    public ErasureRequest(long inboxId, long contactId, Instant now) {
        this.inboxId = inboxId;
        this.contactId = contactId;
        this.pendingContactId = contactId;
        this.status = ErasureRequestStatus.PENDING;
        this.requestedAt = now;
    }

    /** Decides a pending request once; false (and nothing changed) when it was decided already. */
    public boolean decide(ErasureRequestStatus outcome, String actor, Instant now) {
        if (outcome == ErasureRequestStatus.PENDING) {
            throw new IllegalArgumentException("a decision confirms or rejects");
        }
        if (status != ErasureRequestStatus.PENDING) {
            return false;
        }
        this.status = outcome;
        this.pendingContactId = null;
        this.decidedAt = now;
        this.decidedBy = actor;
        return true;
    }

    public Long getId() {
        return id;
    }

    public Long getInboxId() {
        return inboxId;
    }

    public Long getContactId() {
        return contactId;
    }

    public ErasureRequestStatus getStatus() {
        return status;
    }

    public Instant getRequestedAt() {
        return requestedAt;
    }

    public Instant getDecidedAt() {
        return decidedAt;
    }

    public String getDecidedBy() {
        return decidedBy;
    }
}
