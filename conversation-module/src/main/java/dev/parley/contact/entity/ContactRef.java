package dev.parley.contact.entity;

/**
 * An authenticated visitor: who they are, which inbox they talk to, and the token (device) they
 * authenticated with, so that revoking it can close its sockets.
 */
public record ContactRef(long contactId, long inboxId, long tokenId) {}
