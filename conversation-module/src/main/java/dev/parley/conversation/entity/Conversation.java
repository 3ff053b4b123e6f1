package dev.parley.conversation.entity;

import dev.parley.contact.entity.Contact;
import dev.parley.inbox.entity.Inbox;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedQuery;
import java.time.Instant;

/**
 * A chat between one visitor and the agents of an inbox. {@code activeContactId} mirrors the
 * contact while the conversation is live; the database's unique constraint on it is what makes a
 * second live conversation for the same visitor impossible.
 */
@Entity
@NamedQuery(
        name = Conversation.FIND_LIVE_FOR_CONTACT,
        query =
                "select c from Conversation c where c.contact.id = :contactId and c.inbox.id = :inboxId and c.activeContactId is not null")
@NamedQuery(
        name = Conversation.FIND_FOR_CONTACT,
        query = "select c from Conversation c where c.contact.id = :contactId order by c.id desc")
@NamedQuery(
        name = Conversation.FIND_ONE_OF_CONTACT,
        query = "select c.id from Conversation c where c.contact.id = :contactId")
@NamedQuery(
        name = Conversation.FIND_OF_CONTACTS_ASCENDING,
        query = "select c from Conversation c where c.contact.id in :contactIds order by c.id")
public class Conversation {

    public static final String FIND_OF_CONTACTS_ASCENDING = "Conversation.findOfContactsAscending";

    public static final String FIND_LIVE_FOR_CONTACT = "Conversation.findLiveForContact";
    public static final String FIND_FOR_CONTACT = "Conversation.findForContact";
    /** The ids of a contact's conversations, any order: asked with one result, whether it has any. */
    public static final String FIND_ONE_OF_CONTACT = "Conversation.findOneOfContact";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "inbox_id")
    private Inbox inbox;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "contact_id")
    private Contact contact;

    @Enumerated(EnumType.STRING)
    private ConversationStatus status;

    @Column(name = "active_contact_id")
    private Long activeContactId;

    @Column(name = "merged_into_id")
    private Long mergedIntoId;

    @Column(name = "assignee_id")
    private Long assigneeId;

    @Column(name = "created_at")
    private Instant createdAt;

    @Column(name = "updated_at")
    private Instant updatedAt;

    /**
     * Whether {@link dev.parley.conversation.control.DuplicateRule} finds a duplicate of this conversation, as
     * stored by the transactions that change the rule's inputs ({@code merge/control/DuplicateFlags}); never
     * written through the entity, so a flush cannot put back a value read before the refresh.
     */
    @Column(name = "has_duplicates", insertable = false, updatable = false)
    private boolean hasDuplicates;

    protected Conversation() {}

    public Conversation(Contact contact, Instant now) {
        this.contact = contact;
        this.inbox = contact.getInbox();
        this.createdAt = now;
        changeStatus(ConversationStatus.OPEN, now);
    }

    public final void changeStatus(ConversationStatus next, Instant now) {
        if (next == ConversationStatus.MERGED) {
            throw new IllegalArgumentException("a merge needs its target");
        }
        this.status = next;
        this.mergedIntoId = null;
        this.activeContactId = next.isLive() ? contact.getId() : null;
        this.updatedAt = now;
    }

    /** Makes this conversation a merged source: not live any more, forwarding to its target. */
    public void mergeInto(long targetId, Instant now) {
        if (targetId == id) {
            throw new IllegalArgumentException("a conversation cannot be merged into itself");
        }
        this.status = ConversationStatus.MERGED;
        this.mergedIntoId = targetId;
        this.activeContactId = null;
        this.updatedAt = now;
    }

    /** Hands the conversation to the contact it was merged into; a live one stays live for that contact. */
    public void reassign(Contact survivor) {
        this.contact = survivor;
        if (activeContactId != null) {
            this.activeContactId = survivor.getId();
        }
    }

    public Long getId() {
        return id;
    }

    public Inbox getInbox() {
        return inbox;
    }

    public Contact getContact() {
        return contact;
    }

    public ConversationStatus getStatus() {
        return status;
    }

    public Long getMergedIntoId() {
        return mergedIntoId;
    }

    /** The agent who answers this conversation; null while nobody has it. */
    public Long getAssigneeId() {
        return assigneeId;
    }

    /** Hands the conversation to an agent, or to nobody; the assignment rule was decided before. */
    public void assignTo(Long agentId) {
        this.assigneeId = agentId;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    /** The stored "has duplicates" flag, as read with this entity. */
    public boolean hasDuplicates() {
        return hasDuplicates;
    }

    public void touch(Instant now) {
        this.updatedAt = now;
    }
}
