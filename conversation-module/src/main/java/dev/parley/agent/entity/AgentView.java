package dev.parley.agent.entity;

import java.time.Instant;

/** An agent as the API and the console show it; never the password hash. */
public record AgentView(
        long id, String username, String displayName, String role, boolean enabled, Instant createdAt) {}
