package dev.parley.agent.entity;

import java.time.Instant;

/** A token as its owner sees it in a list: never the secret. {@code lastUsedAt} is exact to a minute. */
public record TokenView(long id, String name, Instant createdAt, Instant lastUsedAt) {}
