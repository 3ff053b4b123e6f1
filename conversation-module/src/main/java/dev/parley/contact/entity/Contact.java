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
 * A verified contact carries the {@code identifier} its website vouched for: one contact per
 * identifier and inbox (a unique constraint), whatever device it comes from; its devices are its
 * {@link ContactToken}s. {@code mergedIntoId} points at the verified contact an anonymous one was
 * merged into when its visitor identified; its tokens then speak for that survivor. A typed email
 * never merges contacts.
 */
@Entity
@NamedQuery(
        name = Contact.FIND_BY_IDENTIFIER,
        query = "select c from Contact c where c.inbox.id = :inboxId and c.identifier = :identifier")
@NamedQuery(name = Contact.FIND_MERGED_INTO, query = "select c.id from Contact c where c.mergedIntoId in :ids")
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

    public static final String FIND_BY_IDENTIFIER = "Contact.findByIdentifier";
    public static final String FIND_MERGED_INTO = "Contact.findMergedInto";
    public static final String FIND_SAME_EMAIL = "Contact.findSameEmail";
    public static final String FIND_DUPLICATE_EMAILS = "Contact.findDuplicateEmails";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "inbox_id")
    private Inbox inbox;

    private String name;

    private String email;

    @Column(name = "created_at")
    private Instant createdAt;

    @Column(name = "merged_into_id")
    private Long mergedIntoId;

    private String identifier;

    @Column(name = "verified_at")
    private Instant verifiedAt;

    @Column(name = "context_url")
    private String contextUrl;

    @Column(name = "context_title")
    private String contextTitle;

    @Column(name = "context_language")
    private String contextLanguage;

    @Column(name = "context_time_zone")
    private String contextTimeZone;

    @Column(name = "context_browser")
    private String contextBrowser;

    @Column(name = "context_updated_at")
    private Instant contextUpdatedAt;

    @Column(name = "erased_at")
    private Instant erasedAt;

    protected Contact() {}

    /** An anonymous visitor. */
    public Contact(Inbox inbox, Instant createdAt) {
        this.inbox = inbox;
        this.createdAt = createdAt;
    }

    /** The inbox's contact for an identifier its website vouched for. */
    public static Contact verified(Inbox inbox, String identifier, Instant now) {
        Contact contact = new Contact(inbox, now);
        contact.identifier = identifier;
        contact.verifiedAt = now;
        return contact;
    }

    /** What a session or an identify names the visitor: given fields replace the stored ones, absent ones stay. */
    public void describe(String name, String email) {
        if (name != null) {
            this.name = name;
        }
        if (email != null) {
            this.email = email;
        }
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

    /** The widget's latest report of where the visitor is; false (and nothing changed) when it is the one stored. */
    public boolean reportContext(VisitorContext context, Instant now) {
        if (hasContext(context)) {
            return false;
        }
        this.contextUrl = context.url();
        this.contextTitle = context.title();
        this.contextLanguage = context.language();
        this.contextTimeZone = context.timeZone();
        this.contextBrowser = context.browser();
        this.contextUpdatedAt = now;
        return true;
    }

    /** Whether this context is the one stored (a report of it again changes nothing). */
    public boolean hasContext(VisitorContext context) {
        return contextUpdatedAt != null
                && context.equals(
                        new VisitorContext(contextUrl, contextTitle, contextLanguage, contextTimeZone, contextBrowser));
    }

    /**
     * Forgets everything that names or locates the visitor (name, email, the identifier its website vouched
     * for, the reported context); keeps the id, inbox, times and merge link, so counts and the audit trail
     * still add up. The first erasure's time stays.
     */
    public void erase(Instant now) {
        this.name = null;
        this.email = null;
        this.identifier = null;
        this.contextUrl = null;
        this.contextTitle = null;
        this.contextLanguage = null;
        this.contextTimeZone = null;
        this.contextBrowser = null;
        this.contextUpdatedAt = null;
        if (erasedAt == null) {
            this.erasedAt = now;
        }
    }

    /** When the visitor's personal data was erased; null while it is held. */
    public Instant getErasedAt() {
        return erasedAt;
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

    /** The identifier its website vouched for; null for an anonymous visitor. */
    public String getIdentifier() {
        return identifier;
    }

    public boolean isVerified() {
        return identifier != null;
    }

    public Instant getVerifiedAt() {
        return verifiedAt;
    }

    public String getContextUrl() {
        return contextUrl;
    }

    public String getContextTitle() {
        return contextTitle;
    }

    public String getContextLanguage() {
        return contextLanguage;
    }

    public String getContextTimeZone() {
        return contextTimeZone;
    }

    public String getContextBrowser() {
        return contextBrowser;
    }

    public Instant getContextUpdatedAt() {
        return contextUpdatedAt;
    }
}
