package dev.parley.conversation.control;

import dev.parley.conversation.boundary.MessageCreated;
import dev.parley.conversation.boundary.MessageView;
import dev.parley.conversation.entity.Conversation;
import dev.parley.conversation.entity.Message;
import dev.parley.conversation.entity.Sender;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

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

    public MessageView append(Conversation locked, Sender sender, String author, String content, String echoId,
            Instant now) {
        Message message = new Message(locked.getId(), sender, author, content, echoId, now);
        em.persist(message);
        em.flush();
        locked.touch(now);
        MessageView view = MessageView.of(message);
        messageCreated.fire(new MessageCreated(locked.getContact().getId(), view));
        return view;
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<MessageView> after(long conversationId, long afterId) {
        return em.createNamedQuery(Message.FIND_AFTER, Message.class)
                .setParameter("conversationId", conversationId)
                .setParameter("after", afterId)
                .setMaxResults(PAGE_LIMIT)
                .getResultStream()
                .map(MessageView::of)
                .toList();
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<Message> byEcho(long conversationId, String echoId) {
        return em.createNamedQuery(Message.FIND_BY_ECHO, Message.class)
                .setParameter("conversationId", conversationId)
                .setParameter("echoId", echoId)
                .getResultStream()
                .findFirst();
    }

    /** True when the visitor's last message in this conversation says the same within the window. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public boolean repeatsLastVisitorMessage(long conversationId, String content, Instant since) {
        return em.createNamedQuery(Message.FIND_LAST_FROM, Message.class)
                .setParameter("conversationId", conversationId)
                .setParameter("sender", Sender.CONTACT)
                .setMaxResults(1)
                .getResultStream()
                .findFirst()
                .filter(last -> last.getContent().equals(content) && last.getCreatedAt().isAfter(since))
                .isPresent();
    }
}
