package dev.parley.contact.entity;

import dev.parley.inbox.entity.IdentityMode;
import dev.parley.security.entity.Digests;
import java.util.Optional;

/**
 * The identity rule: who a visitor is, decided from what the website vouched for and the inbox's
 * settings. Plain Java, no database; the callers read the inbox and act on the answer.
 *
 * <ul>
 * <li>An {@code identifier} must be 1-255 characters, not blank, without control characters
 * ({@link Verdict#MALFORMED}, {@code 400}): that is the website's bug, not a wrong secret.
 * <li>An identifier is {@link Verdict#VERIFIED} only when the inbox's mode is not OFF, it has a
 * secret, and {@code identifierHash} is {@code hex(HMAC-SHA256(secret, identifier))} (64 hex
 * characters, compared in constant time). Otherwise it is {@link Verdict#UNVERIFIED} ({@code 401}),
 * whatever part was wrong (no hash, a malformed hash, another secret, mode OFF): the answer does not
 * tell which.
 * <li>No identifier is {@link Verdict#ANONYMOUS}, refused ({@link Verdict#ANONYMOUS_REFUSED},
 * {@code 401}) when the mode is REQUIRED.
 * </ul>
 *
 * @param identifier what the website calls its user (an id or an email), as given
 * @param identifierHash the website's signature of it, as given
 */
public record Identity(String identifier, String identifierHash) {

    public static final int IDENTIFIER_LIMIT = 255;

    /** What the rule says about a request. */
    public enum Verdict {
        /** No identifier, and the inbox lets anonymous visitors chat. */
        ANONYMOUS,
        /** No identifier, but the inbox requires verified visitors: 401. */
        ANONYMOUS_REFUSED,
        /** The identifier is not one a website could mean (blank, too long, control characters): 400. */
        MALFORMED,
        /** An identifier that cannot be verified: 401, nothing written. */
        UNVERIFIED,
        /** The website vouched for this identifier with the inbox's secret. */
        VERIFIED
    }

    public boolean isGiven() {
        return identifier != null;
    }

    /** Why the identifier is malformed, for a 400's field error; empty when it is well formed or absent. */
    public Optional<String> malformation() {
        if (identifier == null) {
            return Optional.empty();
        }
        if (identifier.isBlank()) {
            return Optional.of("must not be blank");
        }
        if (identifier.length() > IDENTIFIER_LIMIT) {
            return Optional.of("must be at most " + IDENTIFIER_LIMIT + " characters");
        }
        if (identifier.chars().anyMatch(Character::isISOControl)) {
            return Optional.of("must not contain control characters");
        }
        return Optional.empty();
    }

    public Verdict decide(IdentityMode mode, String secret) {
        if (identifier == null) {
            return mode == IdentityMode.REQUIRED ? Verdict.ANONYMOUS_REFUSED : Verdict.ANONYMOUS;
        }
        if (malformation().isPresent()) {
            return Verdict.MALFORMED;
        }
        if (mode == IdentityMode.OFF || secret == null || secret.isEmpty() || !wellFormedHash(identifierHash)) {
            return Verdict.UNVERIFIED;
        }
        return Digests.sameHex(Digests.hmacSha256Hex(secret, identifier), identifierHash)
                ? Verdict.VERIFIED
                : Verdict.UNVERIFIED;
    }

    private static boolean wellFormedHash(String hash) {
        return hash != null
                && hash.length() == 64
                && hash.chars()
                        .allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'));
    }
}
