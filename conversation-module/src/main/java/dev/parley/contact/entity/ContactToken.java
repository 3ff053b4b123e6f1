package dev.parley.contact.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One device of a contact: the SHA-256 of the token it holds (the token itself is shown once and
 * never stored). A verified contact has one per device and tab-sharing browser; a revoked token
 * authenticates nobody and its sockets are closed.
 */
@Entity
@Table(name = "contact_token")
@NamedQuery(
        name = ContactToken.FIND_LIVE_BY_HASH,
        query = "select t from ContactToken t join fetch t.contact"
                + " where t.tokenHash = :hash and t.revokedAt is null")
@NamedQuery(
        name = ContactToken.FIND_OF_CONTACTS,
        query = "select t from ContactToken t where t.contact.id in :contactIds order by t.id")
public class ContactToken {

    public static final String FIND_LIVE_BY_HASH = "ContactToken.findLiveByHash";
    public static final String FIND_OF_CONTACTS = "ContactToken.findOfContacts";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "contact_id")
    private Contact contact;

    @Column(name = "token_hash")
    private String tokenHash;

    @Column(name = "created_at")
    private Instant createdAt;

    @Column(name = "last_used_at")
    private Instant lastUsedAt;

    @Column(name = "revoked_at")
    private Instant revokedAt;

    protected ContactToken() {}

    public ContactToken(Contact contact, String tokenHash, Instant createdAt) {
        this.contact = contact;
        this.tokenHash = tokenHash;
        this.createdAt = createdAt;
        this.lastUsedAt = createdAt;
    }

    public void used(Instant now) {
        this.lastUsedAt = now;
    }

    /** Revoked once; revoking again keeps the first time. */
    public boolean revoke(Instant now) {
        if (revokedAt != null) {
            return false;
        }
        this.revokedAt = now;
        return true;
    }

    public Long getId() {
        return id;
    }

    public Contact getContact() {
        return contact;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getLastUsedAt() {
        return lastUsedAt;
    }

    public Instant getRevokedAt() {
        return revokedAt;
    }

    public boolean isRevoked() {
        return revokedAt != null;
    }
}
