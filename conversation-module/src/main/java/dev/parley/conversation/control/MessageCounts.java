package dev.parley.conversation.control;

import dev.parley.conversation.entity.MessageStored;
import dev.parley.conversation.entity.Sender;
import dev.parley.metrics.control.Metrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;

/** Counts committed messages by sender ({@link Metrics#MESSAGES}); a rolled-back message never counts. */
@ApplicationScoped
public class MessageCounts {

    @Inject
    Metrics metrics;

    void stored(@Observes(during = TransactionPhase.AFTER_SUCCESS) MessageStored event) {
        metrics.messageStored(label(Sender.valueOf(event.message().sender())));
    }

    static String label(Sender sender) {
        return switch (sender) {
            case CONTACT -> "visitor";
            case AGENT -> "agent";
            case SYSTEM -> "system";
        };
    }
}
