package dev.parley.contact.entity;

/** An authenticated visitor: who they are and which inbox they talk to. */
public record ContactRef(long contactId, long inboxId) {}
