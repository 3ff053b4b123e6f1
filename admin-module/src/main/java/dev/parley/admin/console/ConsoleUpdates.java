package dev.parley.admin.console;

import dev.parley.conversation.boundary.ConversationCreated;
import dev.parley.conversation.boundary.ConversationStatusChanged;
import dev.parley.conversation.boundary.MessageCreated;
import dev.parley.cluster.boundary.EventRelay;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.faces.push.Push;
import jakarta.faces.push.PushContext;
import jakarta.inject.Inject;

/**
 * Tells every open console page that conversations changed, from the same committed domain events
 * the widget socket pushes to visitors. The message is only a nudge ({@value #CHANGED}): each page
 * re-reads what it shows with its own filters, so nothing a page may not see travels over the socket.
 *
 * <p>Created at startup, when no HTTP session is active: Faces' push context remembers the session
 * of the thread that creates it, and the first event may well arrive on a visitor's request.
 */
@ApplicationScoped
public class ConsoleUpdates {

    public static final String CHANNEL = "console";
    public static final String CHANGED = "changed";

    @Inject
    @Push(channel = CHANNEL)
    PushContext console;

    @Inject
    EventRelay relay;

    void startup(@Observes @Initialized(ApplicationScoped.class) Object application) {
        // created eagerly (see the class comment); every node's pages hear every node's changes
        relay.subscribe(CHANNEL, nudge -> console.send(CHANGED));
    }

    void conversationCreated(@Observes(during = TransactionPhase.AFTER_SUCCESS) ConversationCreated event) {
        relay.publish(CHANNEL, CHANGED);
    }

    void messageCreated(@Observes(during = TransactionPhase.AFTER_SUCCESS) MessageCreated event) {
        relay.publish(CHANNEL, CHANGED);
    }

    void statusChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) ConversationStatusChanged event) {
        relay.publish(CHANNEL, CHANGED);
    }
}
