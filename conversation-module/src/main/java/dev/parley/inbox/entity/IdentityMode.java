package dev.parley.inbox.entity;

/**
 * How an inbox treats the identity a website vouches for ({@code identifier} + {@code identifierHash}):
 * OFF refuses identifiers (none can be verified), OPTIONAL verifies the ones given and lets anonymous
 * visitors chat, REQUIRED lets only verified visitors in.
 */
public enum IdentityMode {
    OFF,
    OPTIONAL,
    REQUIRED
}
