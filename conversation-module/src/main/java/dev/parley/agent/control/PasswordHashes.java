package dev.parley.agent.control;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Agent passwords as PBKDF2-HMAC-SHA256 with {@link #ITERATIONS} iterations (OWASP's figure),
 * in the self-describing format of Jakarta Security's {@code Pbkdf2PasswordHash}
 * ({@code PBKDF2WithHmacSHA256:iterations:salt:hash}, Base64), so hashes written before keep
 * verifying with their own iteration count and {@link #needsUpgrade} tells which to rewrite.
 * {@link #spendLikeAVerify} does the same work for a user that does not exist, so the time of an
 * answer does not tell whether a user name exists. Thread-safe; no state.
 */
public final class PasswordHashes {

    public static final int ITERATIONS = 600_000;
    static final String ALGORITHM = "PBKDF2WithHmacSHA256";
    static final int SALT_BYTES = 16;
    static final int KEY_BYTES = 32;
    /** A stored hash claiming more than this is not ours; refused without the work. */
    static final int MAX_ITERATIONS = 10_000_000;

    private static final SecureRandom RANDOM = new SecureRandom();

    private PasswordHashes() {}

    public static String hash(String password) {
        return hash(password, ITERATIONS);
    }

    static String hash(String password, int iterations) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return ALGORITHM + ":" + iterations + ":" + Base64.getEncoder().encodeToString(salt) + ":"
                + Base64.getEncoder().encodeToString(derive(password, salt, iterations, KEY_BYTES));
    }

    /** Whether {@code password} matches {@code stored}; a malformed stored hash matches nothing. */
    public static boolean verify(String password, String stored) {
        String[] parts = stored == null ? new String[0] : stored.split(":");
        if (password == null || parts.length != 4 || !ALGORITHM.equals(parts[0])) {
            spendLikeAVerify(password);
            return false;
        }
        try {
            int iterations = Integer.parseInt(parts[1]);
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] expected = Base64.getDecoder().decode(parts[3]);
            if (iterations < 1 || iterations > MAX_ITERATIONS || expected.length == 0) {
                spendLikeAVerify(password);
                return false;
            }
            return MessageDigest.isEqual(expected, derive(password, salt, iterations, expected.length));
        } catch (IllegalArgumentException malformed) {
            spendLikeAVerify(password);
            return false;
        }
    }

    /** Whether a hash that just verified should be rewritten with today's parameters. */
    public static boolean needsUpgrade(String stored) {
        String[] parts = stored.split(":");
        try {
            return parts.length != 4
                    || !ALGORITHM.equals(parts[0])
                    || Integer.parseInt(parts[1]) < ITERATIONS
                    || Base64.getDecoder().decode(parts[3]).length < KEY_BYTES;
        } catch (IllegalArgumentException malformed) {
            return true;
        }
    }

    /** The work of one verify against a current hash, for a user who does not exist. */
    public static void spendLikeAVerify(String password) {
        derive(password == null ? "" : password, Dummy.SALT, ITERATIONS, KEY_BYTES);
    }

    private static byte[] derive(String password, byte[] salt, int iterations, int bytes) {
        char[] chars = password.toCharArray();
        PBEKeySpec spec = new PBEKeySpec(chars, salt, iterations, bytes * 8);
        try {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every Java runtime", e);
        } finally {
            spec.clearPassword();
            Arrays.fill(chars, '\0');
        }
    }

    private static final class Dummy {
        static final byte[] SALT = "parley-no-agent!".getBytes(StandardCharsets.US_ASCII);
    }
}
