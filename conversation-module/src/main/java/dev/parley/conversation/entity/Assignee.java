package dev.parley.conversation.entity;

/** The agent a conversation is assigned to, as lists and details show it. */
public record Assignee(long id, String username, String displayName) {}
