package dev.parley.webhook.entity;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * When a failed delivery is tried again: exponential backoff with full jitter. After the n-th failed attempt
 * the wait is a random time between {@code first} and {@code min(maxDelay, first * 2^(n-1))}; once
 * {@code giveUpAfter} has passed since the delivery's retries began, there is no next attempt and the
 * delivery is FAILED. The shipped default ({@code PT5S}, {@code PT1H}, {@code PT24H}) makes about 30 attempts.
 */
public record RetrySchedule(Duration first, Duration maxDelay, Duration giveUpAfter) {

    public RetrySchedule {
        if (first.isNegative() || first.isZero() || maxDelay.compareTo(first) < 0 || giveUpAfter.isNegative()) {
            throw new IllegalArgumentException("retry schedule needs 0 < first <= maxDelay and giveUpAfter >= 0");
        }
    }

    /** The next attempt after {@code attempts} failed ones, or empty when the delivery is to be given up. */
    public Optional<Instant> next(int attempts, Instant retrySince, Instant now, DoubleSupplier random) {
        if (!now.isBefore(retrySince.plus(giveUpAfter))) {
            return Optional.empty();
        }
        long firstMillis = first.toMillis();
        int doublings = Math.min(Math.max(attempts - 1, 0), 40);
        long cap = Math.min(maxDelay.toMillis(), firstMillis * (1L << Math.min(doublings, 30)));
        long wait = firstMillis + (long) (random.getAsDouble() * (cap - firstMillis));
        Instant next = now.plusMillis(wait);
        Instant deadline = retrySince.plus(giveUpAfter);
        return Optional.of(next.isAfter(deadline) ? deadline : next);
    }
}
