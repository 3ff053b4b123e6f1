package dev.parley.conversation.control;

import dev.parley.conversation.entity.Conversation;
import dev.parley.conversation.entity.ConversationCreated;
import dev.parley.conversation.entity.ConversationView;
import dev.parley.conversation.entity.Message;
import dev.parley.conversation.entity.MessageCreated;
import dev.parley.conversation.entity.MessageStored;
import dev.parley.conversation.entity.MessageView;
import dev.parley.conversation.entity.Sender;
import dev.parley.schema.control.MergeChain;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Appends messages to a conversation whose row the caller has locked: that lock makes message
 * ids increase in commit order within a conversation, which is what gapless resync relies on.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.MANDATORY)
public class Timeline {

    static final int PAGE_LIMIT = 1000;

    @PersistenceContext
    EntityManager em;

    @Inject
    Event<MessageCreated> messageCreated;

    @Inject
    Event<MessageStored> messageStored;

    @Inject
    Event<ConversationCreated> conversationCreated;

    public MessageView append(
            Conversation locked, Sender sender, String author, String content, String echoId, Instant now) {
        Message message = new Message(locked.getId(), sender, author, content, echoId, now);
        em.persist(message);
        locked.touch(now);
        MessageView view = MessageView.of(message);
        messageStored.fire(new MessageStored(view));
        for (long contactId : readers(locked)) {
            messageCreated.fire(new MessageCreated(contactId, view));
        }
        return view;
    }

    /**
     * Opens the timeline of a conversation created in this transaction with its first message, and announces
     * both: {@link ConversationCreated} (with that message) before the message's {@link MessageCreated}, so
     * every observer, the webhook outbox among them, hears of a conversation before anything in it. Nothing can
     * have been merged into it yet, so its visitor is its only reader, and it was created at {@code now}.
     */
    public ConversationView open(Conversation created, Sender sender, String author, String content, Instant now) {
        Message message = new Message(created.getId(), sender, author, content, null, now);
        em.persist(message);
        MessageView first = MessageView.of(message);
        ConversationView view = ConversationView.of(created, List.of(first));
        long contactId = created.getContact().getId();
        messageStored.fire(new MessageStored(first));
        conversationCreated.fire(
                new ConversationCreated(contactId, view, created.getInbox().isAutoAssign()));
        messageCreated.fire(new MessageCreated(contactId, first));
        return view;
    }

    /**
     * The whole timeline in time order (created_at, then id) when {@code afterId} is 0: merged-in
     * messages are older than their ids suggest. Above 0, the messages with a higher id in id order,
     * as the widget's gapless resync expects; after a merge the widget reloads the whole timeline.
     */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<MessageView> after(long conversationId, long afterId) {
        var query = afterId <= 0
                ? em.createNamedQuery(Message.FIND_TIMELINE, Message.class)
                : em.createNamedQuery(Message.FIND_AFTER, Message.class).setParameter("after", afterId);
        return query.setParameter("conversationId", conversationId)
                .setMaxResults(PAGE_LIMIT)
                .getResultStream()
                .map(MessageView::of)
                .toList();
    }

    /** The conversation's visitor, and the visitors of conversations merged into it across contacts. */
    private Set<Long> readers(Conversation locked) {
        Set<Long> contacts = new LinkedHashSet<>();
        contacts.add(locked.getContact().getId());
        List<Long> level = List.of(locked.getId());
        for (int depth = 0; !level.isEmpty() && depth < MergeChain.MAX_HOPS; depth++) {
            List<Object[]> merged = em.createQuery(
                            "select c.id, c.contact.id from Conversation c" + " where c.mergedIntoId in :ids",
                            Object[].class)
                    .setParameter("ids", level)
                    .getResultList();
            merged.forEach(row -> contacts.add((Long) row[1]));
            level = merged.stream().map(row -> (Long) row[0]).toList();
        }
        return contacts;
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<Message> byEcho(long conversationId, String echoId) {
        return em.createNamedQuery(Message.FIND_BY_ECHO, Message.class)
                .setParameter("conversationId", conversationId)
                .setParameter("echoId", echoId)
                .getResultStream()
                .findFirst();
    }

    /** The visitor's last message in this conversation, if any: the fact the start's repeat window is decided on. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<Message> lastVisitorMessage(long conversationId) {
        return em.createNamedQuery(Message.FIND_LAST_FROM, Message.class)
                .setParameter("conversationId", conversationId)
                .setParameter("sender", Sender.CONTACT)
                .setMaxResults(1)
                .getResultStream()
                .findFirst();
    }
}
