package dev.parley.merge.boundary;

import dev.parley.conversation.boundary.ConversationView;
import java.util.List;

/** The target after a merge with its whole timeline; {@code unchanged} sources were already merged into it. */
public record MergeResult(ConversationView conversation, List<Long> merged, List<Long> unchanged) {
}
