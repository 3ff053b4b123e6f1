package dev.parley.limit.entity;

import java.time.Duration;
import java.time.Instant;

/**
 * At most {@code max} hits per {@code window} for one subject (a client address, a contact), counted in
 * fixed windows that start at multiples of the window since the epoch, the same on every node. Written
 * in configuration as {@code max/window}, e.g. {@code 30/PT1M}; {@code off} switches a limit off.
 */
public record Limit(String name, int max, Duration window) {

    public Limit {
        if (max < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("limit " + name + ": max and window must be positive");
        }
    }

    /** Parses {@code 30/PT1M}; null for {@code off}. Throws with the limit's name on anything else. */
    public static Limit parse(String name, String spec) {
        if (spec.strip().equalsIgnoreCase("off")) {
            return null;
        }
        String[] parts = spec.strip().split("/", 2);
        try {
            return new Limit(name, Integer.parseInt(parts[0].strip()), Duration.parse(parts[1].strip()));
        } catch (RuntimeException unreadable) {
            throw new IllegalArgumentException(
                    "parley.limits." + name + " must be like 30/PT1M or off, not '" + spec + "'", unreadable);
        }
    }

    /** Where the window that contains {@code now} started. */
    public Instant windowStart(Instant now) {
        long size = window.toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), size) * size);
    }

    /** Whole seconds until the window that contains {@code now} ends, at least 1: the Retry-After. */
    public long secondsLeft(Instant now) {
        long left = windowStart(now).plus(window).toEpochMilli() - now.toEpochMilli();
        return Math.max(1, (left + 999) / 1000);
    }

    /** The counter's key: the limit's name and its subject. */
    public String bucket(String subject) {
        return name + ":" + subject;
    }
}
