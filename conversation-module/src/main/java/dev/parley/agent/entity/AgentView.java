package dev.parley.agent.entity;

import java.time.Instant;

/**
 * An agent as the API and the console show it; never the password hash. {@code presence} is the
 * effective one ({@link PresencePolicy}), {@code lastActiveAt} when the agent last showed signs of life.
 */
public record AgentView(
        long id,
        String username,
        String displayName,
        String role,
        boolean enabled,
        Instant createdAt,
        String presence,
        Instant lastActiveAt) {}
