package dev.parley.merge.entity;

import dev.parley.conversation.entity.ConversationView;
import java.util.List;

/** A conversation that looks like a duplicate of another, and why: same-contact, same-email, overlapping, same-first-message. */
public record DuplicateSuggestion(ConversationView conversation, List<String> reasons) {}
