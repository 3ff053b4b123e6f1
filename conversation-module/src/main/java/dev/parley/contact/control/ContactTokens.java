package dev.parley.contact.control;

import dev.parley.security.entity.Digests;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Contact tokens are 256 random bits, shown to the visitor once and stored only as their SHA-256:
 * a database leak does not let anyone act as a visitor.
 */
public final class ContactTokens {

    private static final SecureRandom RANDOM = new SecureRandom();

    private ContactTokens() {}

    public static String generate() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    public static String hash(String token) {
        return Digests.sha256Hex(token);
    }

    /** A well-formed token is 43 base64url characters; anything else is rejected before any lookup. */
    public static boolean isWellFormed(String token) {
        return token != null && token.length() == 43 && token.chars().allMatch(ContactTokens::isBase64Url);
    }

    private static boolean isBase64Url(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }
}
