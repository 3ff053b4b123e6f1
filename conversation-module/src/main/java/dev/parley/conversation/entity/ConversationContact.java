package dev.parley.conversation.entity;

import dev.parley.contact.entity.Contact;

/**
 * The visitor of a conversation as agents see it: {@code verified} when its website vouched for its
 * {@code identifier} (an HMAC of it), so an agent can tell a proven identity from a typed name or email.
 */
public record ConversationContact(long id, String name, String email, boolean verified, String identifier) {

    public static ConversationContact of(Contact contact) {
        return new ConversationContact(
                contact.getId(), contact.getName(), contact.getEmail(), contact.isVerified(), contact.getIdentifier());
    }
}
