package dev.parley.contact.entity;

import dev.parley.inbox.entity.Inbox;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedQuery;
import java.time.Instant;

/**
 * A website visitor. The row is also the per-visitor lock: every conversation start takes
 * {@code PESSIMISTIC_WRITE} on it, which serializes starts of one visitor across all nodes.
 * {@code mergedIntoId} points at the older contact this one was merged into (same email, inbox
 * policy AUTOMATIC); the token then speaks for that survivor.
 */
@Entity
@NamedQuery(
        name = Contact.FIND_BY_TOKEN_HASH,
        query = "select c from Contact c join fetch c.inbox where c.tokenHash = :hash")
@NamedQuery(
        name = Contact.FIND_SAME_EMAIL,
        query =
                "select c from Contact c where c.inbox.id = :inboxId and c.email = :email and c.mergedIntoId is null order by c.id")
@NamedQuery(
        name = Contact.FIND_DUPLICATE_EMAILS,
        query =
                "select c.email from Contact c where c.inbox.id = :inboxId and c.email is not null and c.mergedIntoId is null"
                        + " group by c.email having count(c) > 1")
public class Contact {

    public static final String FIND_BY_TOKEN_HASH = "Contact.findByTokenHash";
    public static final String FIND_SAME_EMAIL = "Contact.findSameEmail";
    public static final String FIND_DUPLICATE_EMAILS = "Contact.findDuplicateEmails";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "inbox_id")
    private Inbox inbox;

    @Column(name = "token_hash")
    private String tokenHash;

    private String name;

    private String email;

    @Column(name = "created_at")
    private Instant createdAt;

    @Column(name = "merged_into_id")
    private Long mergedIntoId;

    protected Contact() {}

    public Contact(Inbox inbox, String tokenHash, Instant createdAt) {
        this.inbox = inbox;
        this.tokenHash = tokenHash;
        this.createdAt = createdAt;
    }

    /** The pre-chat form names the visitor; the latest form wins. */
    public void identify(String name, String email) {
        this.name = name;
        this.email = email;
    }

    public void mergeInto(Contact survivor) {
        if (survivor.getId().equals(id)) {
            throw new IllegalArgumentException("a contact cannot be merged into itself");
        }
        this.mergedIntoId = survivor.getId();
    }

    public Long getMergedIntoId() {
        return mergedIntoId;
    }

    public Long getId() {
        return id;
    }

    public Inbox getInbox() {
        return inbox;
    }

    public String getName() {
        return name;
    }

    public String getEmail() {
        return email;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}
