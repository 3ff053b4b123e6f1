package dev.parley.conversation.entity;

import dev.parley.contact.entity.Contact;
import dev.parley.contact.entity.VisitorContextView;

/**
 * The visitor of a conversation as agents see it: {@code verified} when its website vouched for its
 * {@code identifier} (an HMAC of it), so an agent can tell a proven identity from a typed name or email;
 * {@code context} is where its widget last said the visitor was (null when it never did).
 */
public record ConversationContact(
        long id, String name, String email, boolean verified, String identifier, VisitorContextView context) {

    /** Without a context. */
    public ConversationContact(long id, String name, String email, boolean verified, String identifier) {
        this(id, name, email, verified, identifier, null);
    }

    public static ConversationContact of(Contact contact) {
        return new ConversationContact(
                contact.getId(),
                contact.getName(),
                contact.getEmail(),
                contact.isVerified(),
                contact.getIdentifier(),
                VisitorContextView.of(contact));
    }
}
