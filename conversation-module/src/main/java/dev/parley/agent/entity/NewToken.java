package dev.parley.agent.entity;

import java.time.Instant;

/** The answer to creating a token: the only time the secret is shown. */
public record NewToken(long id, String name, String token, Instant createdAt) {}
