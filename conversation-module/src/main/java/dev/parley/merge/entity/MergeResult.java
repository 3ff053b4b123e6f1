package dev.parley.merge.entity;

import dev.parley.conversation.entity.ConversationView;
import java.util.List;

/** The target after a merge with its whole timeline; {@code unchanged} sources were already merged into it. */
public record MergeResult(ConversationView conversation, List<Long> merged, List<Long> unchanged) {}
