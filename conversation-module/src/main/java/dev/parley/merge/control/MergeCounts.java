package dev.parley.merge.control;

import dev.parley.merge.entity.ContactsMerged;
import dev.parley.merge.entity.ConversationUnmerged;
import dev.parley.merge.entity.ConversationsMerged;
import dev.parley.metrics.control.Metrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;

/**
 * Counts committed merges (one per source conversation), unmerges and contact merges, from the events
 * the merge transactions fire; a merge that rolls back never counts.
 */
@ApplicationScoped
public class MergeCounts {

    @Inject
    Metrics metrics;

    void merged(@Observes(during = TransactionPhase.AFTER_SUCCESS) ConversationsMerged event) {
        metrics.conversationMerged();
    }

    void unmerged(@Observes(during = TransactionPhase.AFTER_SUCCESS) ConversationUnmerged event) {
        metrics.conversationUnmerged();
    }

    void contactsMerged(@Observes(during = TransactionPhase.AFTER_SUCCESS) ContactsMerged event) {
        metrics.contactsMerged();
    }
}
