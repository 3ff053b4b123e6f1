package dev.parley.agent.entity;

/** An agent as the API shows it; never the password hash. */
public record AgentView(long id, String username, String displayName, String role) {}
