package dev.parley.merge.control;

import dev.parley.contact.entity.Contact;
import dev.parley.contact.entity.ContactEmailChanged;
import dev.parley.contact.entity.ContactErased;
import dev.parley.conversation.entity.Conversation;
import dev.parley.conversation.entity.ConversationCreated;
import dev.parley.conversation.entity.ConversationStatusChanged;
import dev.parley.conversation.entity.MessageCreated;
import dev.parley.conversation.entity.MessageView;
import dev.parley.conversation.entity.Sender;
import dev.parley.merge.entity.ContactsMerged;
import dev.parley.merge.entity.ConversationUnmerged;
import dev.parley.merge.entity.ConversationsMerged;
import dev.parley.merge.entity.DuplicateGroupsChanged;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Where {@link DuplicateFlags} hears of every change to the inputs of the duplicate rule: the events the
 * writing transactions fire, observed inside them ({@code during = IN_PROGRESS}, as the webhook outbox does),
 * so the flags commit with the change or not at all. The inputs and their events: a conversation created
 * ({@link ConversationCreated}, with its first message), its status and so its live state and last change
 * ({@link ConversationStatusChanged}, also fired by merges and unmerges), a message (its last change while it is
 * not live, or its first visitor message: {@link MessageCreated}), conversations merged or unmerged (messages
 * moved: {@link ConversationsMerged}, {@link ConversationUnmerged}), contacts merged (conversations moved to the
 * survivor: {@link ContactsMerged}), a contact's email ({@link ContactEmailChanged}, with the email before),
 * an erasure (texts scrubbed: {@link ContactErased}). The retention job, which removes texts without events,
 * refreshes its batches itself ({@code RetentionBatches}).
 *
 * <p>The groups a transaction refreshed are gathered (once per transaction) into one
 * {@link DuplicateGroupsChanged}, rechecked after commit ({@link DuplicateRechecks}).
 */
@ApplicationScoped
public class DuplicateFlagRefresh {

    /** How the log says that a recheck found what the writing transaction could not see (tests count it). */
    public static final String RECHECK_CHANGED = "duplicate flags: the recheck after commit changed ";

    private static final Object GROUPS = DuplicateFlagRefresh.class.getName() + ".groups";
    private static final Object COVERED = DuplicateFlagRefresh.class.getName() + ".covered";

    @PersistenceContext
    EntityManager em;

    @Resource
    TransactionSynchronizationRegistry transactions;

    @Inject
    DuplicateFlags flags;

    @Inject
    Event<DuplicateGroupsChanged> changed;

    void created(@Observes(during = TransactionPhase.IN_PROGRESS) ConversationCreated created) {
        Set<Long> covered = covered();
        created.conversation().messages().forEach(message -> covered.add(message.id()));
        refresh(List.of(created.contactId()), Set.of());
    }

    /**
     * A message changes the rule only when it is its conversation's first visitor message, or when the
     * conversation is not live (its last change is where it ends); a message announced once per reader, or with
     * its conversation, is refreshed once.
     */
    void message(@Observes(during = TransactionPhase.IN_PROGRESS) MessageCreated created) {
        MessageView message = created.message();
        if (!covered().add(message.id())) {
            return;
        }
        Conversation conversation = em.find(Conversation.class, message.conversationId());
        if (conversation == null) {
            return;
        }
        boolean live = conversation.getStatus().isLive();
        if (live && !firstFromVisitor(message)) {
            return;
        }
        refresh(List.of(conversation.getContact().getId()), Set.of());
    }

    void statusChanged(@Observes(during = TransactionPhase.IN_PROGRESS) ConversationStatusChanged changed) {
        refresh(List.of(changed.contactId()), Set.of());
    }

    void merged(@Observes(during = TransactionPhase.IN_PROGRESS) ConversationsMerged merged) {
        refresh(merged.contactIds(), Set.of());
    }

    void unmerged(@Observes(during = TransactionPhase.IN_PROGRESS) ConversationUnmerged unmerged) {
        refresh(unmerged.contactIds(), Set.of());
    }

    void contactsMerged(@Observes(during = TransactionPhase.IN_PROGRESS) ContactsMerged merged) {
        refresh(List.of(merged.survivorId(), merged.mergedId()), Set.of());
    }

    /**
     * A contact without conversations (a new visitor's pre-chat form, before its conversation is created) adds
     * none to either email's group, so no answer changes: the rule is not counted, and the groups are only
     * gathered for the recheck after commit.
     */
    void emailChanged(@Observes(during = TransactionPhase.IN_PROGRESS) ContactEmailChanged changed) {
        List<Long> contact = List.of(changed.contactId());
        Set<String> previous = changed.previousEmail() == null ? Set.of() : Set.of(changed.previousEmail());
        if (em.createNamedQuery(Conversation.FIND_ONE_OF_CONTACT, Long.class)
                .setParameter("contactId", changed.contactId())
                .setMaxResults(1)
                .getResultList()
                .isEmpty()) {
            gather(contact, previous);
            return;
        }
        refresh(contact, previous);
    }

    void erased(@Observes(during = TransactionPhase.IN_PROGRESS) ContactErased erased) {
        refresh(erased.contactIds(), Set.of());
    }

    private void refresh(Collection<Long> contactIds, Set<String> previousEmails) {
        flags.refresh(contactIds, gather(contactIds, previousEmails));
    }

    /** Adds the contacts' groups to this transaction's, for the recheck after commit; returns their emails. */
    private List<String> gather(Collection<Long> contactIds, Set<String> previousEmails) {
        DuplicateGroupsChanged groups = groups();
        groups.contactIds().addAll(contactIds);
        List<String> emails = new ArrayList<>(previousEmails);
        for (long contactId : contactIds) {
            // the writer has usually loaded (and locked) the contact: read from the persistence context
            Contact contact = em.find(Contact.class, contactId);
            if (contact != null && contact.getEmail() != null) {
                emails.add(contact.getEmail());
            }
        }
        groups.emails().addAll(emails);
        return emails;
    }

    private boolean firstFromVisitor(MessageView message) {
        if (!Sender.CONTACT.name().equals(message.sender())) {
            return false;
        }
        Long first = em.createQuery(
                        "select min(x.id) from Message x where x.conversationId = :id and x.sender = :contact",
                        Long.class)
                .setParameter("id", message.conversationId())
                .setParameter("contact", Sender.CONTACT)
                .getSingleResult();
        return first != null && first == message.id();
    }

    /** The messages this transaction already refreshed for (a message is announced once per reader). */
    @SuppressWarnings("unchecked")
    private Set<Long> covered() {
        Set<Long> covered = (Set<Long>) transactions.getResource(COVERED);
        if (covered == null) {
            covered = new HashSet<>();
            transactions.putResource(COVERED, covered);
        }
        return covered;
    }

    /** This transaction's groups, announced (for after commit) the first time they are asked for. */
    private DuplicateGroupsChanged groups() {
        DuplicateGroupsChanged groups = (DuplicateGroupsChanged) transactions.getResource(GROUPS);
        if (groups == null) {
            groups = DuplicateGroupsChanged.empty();
            transactions.putResource(GROUPS, groups);
            changed.fire(groups);
        }
        return groups;
    }
}
