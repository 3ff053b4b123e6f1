package dev.parley.contact.entity;

import java.util.Set;

/** Fired in the transaction that revoked these tokens: after commit, every node closes their sockets (1008). */
public record ContactTokensRevoked(Set<Long> tokenIds) {}
