package dev.parley.agent.entity;

/** ADMIN manages inboxes and agents; AGENT answers visitors. Both may use the console and the agent API. */
public enum Role {
    ADMIN,
    AGENT
}
