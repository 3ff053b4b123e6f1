package dev.parley.agent.entity;

import java.time.Duration;
import java.time.Instant;

/**
 * How a reported presence fades when the agent stops showing signs of life: an agent who said ONLINE
 * (or AWAY) and was last active longer than {@code awayAfter} ago shows AWAY, and after {@code offlineAfter}
 * OFFLINE; OFFLINE stays OFFLINE. Nobody has to report "I left": a closed laptop ends up OFFLINE by itself.
 * Automatic assignment takes exactly the agents this rule shows ONLINE ({@link #activeSince}).
 */
public record PresencePolicy(Duration awayAfter, Duration offlineAfter) {

    public static final PresencePolicy DEFAULT = new PresencePolicy(Duration.ofMinutes(5), Duration.ofMinutes(30));

    public PresencePolicy {
        if (awayAfter.isNegative() || awayAfter.isZero() || offlineAfter.compareTo(awayAfter) < 0) {
            throw new IllegalArgumentException(
                    "presence needs 0 < away-after <= offline-after, not " + awayAfter + " and " + offlineAfter);
        }
    }

    /** What others see of an agent who reported {@code reported} and was last active at {@code lastActiveAt}. */
    public Presence effective(Presence reported, Instant lastActiveAt, Instant now) {
        if (reported == null || reported == Presence.OFFLINE || lastActiveAt == null) {
            return Presence.OFFLINE;
        }
        Duration idle = Duration.between(lastActiveAt, now);
        if (idle.compareTo(offlineAfter) >= 0) {
            return Presence.OFFLINE;
        }
        if (idle.compareTo(awayAfter) >= 0) {
            return Presence.AWAY;
        }
        return reported;
    }

    /** An agent who reported ONLINE shows ONLINE exactly when last active after this instant. */
    public Instant activeSince(Instant now) {
        return now.minus(awayAfter);
    }
}
