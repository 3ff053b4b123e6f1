package dev.parley.assignment.control;

import dev.parley.conversation.entity.ConversationCreated;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;

/**
 * Hands every new conversation of an inbox that assigns automatically to the round robin after its start
 * committed (other inboxes' starts cost no asynchronous call). The round robin runs asynchronously in its own
 * transaction and reads the inbox's setting again, so a start never waits for it (nor fails because of it).
 */
@ApplicationScoped
public class NewConversations {

    @Inject
    RoundRobin roundRobin;

    void created(@Observes(during = TransactionPhase.AFTER_SUCCESS) ConversationCreated event) {
        if (!event.autoAssign()) {
            return;
        }
        roundRobin.assignLater(
                event.contactId(),
                event.conversation().id(),
                event.conversation().inboxId());
    }
}
