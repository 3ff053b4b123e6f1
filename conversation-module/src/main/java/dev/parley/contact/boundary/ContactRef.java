package dev.parley.contact.boundary;

/** An authenticated visitor: who they are and which inbox they talk to. */
public record ContactRef(long contactId, long inboxId) {
}
