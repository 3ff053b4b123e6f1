package dev.parley.merge.boundary;

import dev.parley.conversation.boundary.ConversationView;
import java.util.List;

/** A conversation that looks like a duplicate of another, and why: same-contact, same-email, overlapping, same-first-message. */
public record DuplicateSuggestion(ConversationView conversation, List<String> reasons) {
}
