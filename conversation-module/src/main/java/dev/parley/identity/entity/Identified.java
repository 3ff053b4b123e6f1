package dev.parley.identity.entity;

/**
 * The answer to an identify: the verified contact the token speaks for now, its live conversation
 * after the merge (null if none), and whether anything changed (false: the token already was it).
 */
public record Identified(long contactId, Long conversationId, boolean changed) {}
