package dev.parley.cluster.control;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals an event for the grid and opens what the grid delivers: only a node that knows the
 * cluster secret can publish an event other nodes accept. A sealed event is one line of header,
 * {@code parley-hmac1 <epoch millis> <hex HMAC-SHA256>}, then the payload unchanged; the HMAC covers
 * the topic name, the time and the exact payload, so an event cannot be altered, moved to another
 * topic, or replayed once {@link #WINDOW} has passed. Opening compares in constant time.
 *
 * <p>Within the window a captured event can be published again, repeating something that really
 * happened: the widget keeps messages by id, a re-keying of sockets is idempotent, and a replayed
 * typing or status frame is put right by the next one or the widget's resync.
 */
public final class EventSignatures {

    /** How far an event's time may lie from the receiver's clock, either way: delivery plus clock skew between nodes. */
    public static final Duration WINDOW = Duration.ofMinutes(5);

    /** Long enough that a secret cannot be guessed from a captured event (openssl rand -base64 32 gives 44). */
    public static final int MINIMUM_SECRET_LENGTH = 32;

    public static final String SETTING = "PARLEY_CLUSTER_SECRET (MicroProfile Config key parley.cluster-secret)";

    static final String SCHEME = "parley-hmac1";
    private static final String ALGORITHM = "HmacSHA256";

    /** Why an event was refused, or that it was not. */
    public enum Verdict {
        ACCEPTED,
        /** Not a sealed text at all: no header, or not a string. */
        UNSIGNED,
        /** A header whose HMAC does not match: wrong secret, or altered payload, topic or time. */
        FORGED,
        /** Signed correctly but older (or newer) than {@link #WINDOW}. */
        EXPIRED
    }

    /** The payload and when it was sealed (its publisher's clock), present only when the verdict is {@link Verdict#ACCEPTED}. */
    public record Opened(Verdict verdict, String payload, Instant sentAt) {

        Opened(Verdict verdict) {
            this(verdict, null, null);
        }

        public boolean accepted() {
            return verdict == Verdict.ACCEPTED;
        }
    }

    private final SecretKeySpec key;
    private final Clock clock;

    private EventSignatures(String secret, Clock clock) {
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
        this.clock = clock;
    }

    /**
     * @throws IllegalArgumentException naming {@link #SETTING} (never the value) when the secret is
     *     missing, blank or shorter than {@link #MINIMUM_SECRET_LENGTH}
     */
    public static EventSignatures withSecret(String secret, Clock clock) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException(SETTING + " is not set; it is required when"
                    + " parley.events.transport=hazelcast and must be the same on every node");
        }
        if (secret.length() < MINIMUM_SECRET_LENGTH) {
            throw new IllegalArgumentException(SETTING + " is shorter than " + MINIMUM_SECRET_LENGTH
                    + " characters; use a random one such as: openssl rand -base64 32");
        }
        return new EventSignatures(secret, clock);
    }

    public String seal(String topic, String payload) {
        long now = clock.millis();
        return SCHEME + " " + now + " " + mac(topic, now, payload) + "\n" + payload;
    }

    /** Checks what arrived on {@code topic}; anything may arrive, so nothing here throws. */
    public Opened open(String topic, Object message) {
        if (!(message instanceof String sealed)) {
            return new Opened(Verdict.UNSIGNED);
        }
        int newline = sealed.indexOf('\n');
        String[] header =
                newline < 0 ? new String[0] : sealed.substring(0, newline).split(" ", -1);
        if (header.length != 3 || !header[0].equals(SCHEME)) {
            return new Opened(Verdict.UNSIGNED);
        }
        long sent;
        try {
            sent = Long.parseLong(header[1]);
        } catch (NumberFormatException notATime) {
            return new Opened(Verdict.FORGED);
        }
        String payload = sealed.substring(newline + 1);
        byte[] expected = mac(topic, sent, payload).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, header[2].getBytes(StandardCharsets.US_ASCII))) {
            return new Opened(Verdict.FORGED);
        }
        if (Math.abs(clock.millis() - sent) > WINDOW.toMillis()) {
            return new Opened(Verdict.EXPIRED);
        }
        return new Opened(Verdict.ACCEPTED, payload, Instant.ofEpochMilli(sent));
    }

    private String mac(String topic, long millis, String payload) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return HexFormat.of()
                    .formatHex(mac.doFinal((topic + "\n" + millis + "\n" + payload).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every Java runtime", e);
        }
    }

    @Override
    public String toString() {
        return "EventSignatures[" + SCHEME + ", window " + WINDOW + "]";
    }
}
