package dev.parley.webhook.entity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {

    private static final RetrySchedule SHIPPED =
            new RetrySchedule(Duration.ofSeconds(5), Duration.ofHours(1), Duration.ofHours(24));
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void theFirstRetryWaitsTheFirstDelay() {
        assertThat(SHIPPED.next(1, START, START, () -> 0.99)).contains(START.plusSeconds(5));
    }

    @Test
    void theWaitDoublesUpToTheMaximumWithFullJitter() {
        Instant now = START.plusSeconds(60);
        assertThat(SHIPPED.next(4, START, now, () -> 1.0)).contains(now.plusSeconds(40));
        assertThat(SHIPPED.next(4, START, now, () -> 0.0)).contains(now.plusSeconds(5));
        assertThat(SHIPPED.next(30, START, now, () -> 1.0)).contains(now.plus(Duration.ofHours(1)));
    }

    @Test
    void theLastAttemptIsAtTheEndOfTheSpanAndThenItGivesUp() {
        Instant late = START.plus(Duration.ofHours(24)).minusSeconds(10);
        assertThat(SHIPPED.next(25, START, late, () -> 1.0)).contains(START.plus(Duration.ofHours(24)));
        assertThat(SHIPPED.next(26, START, START.plus(Duration.ofHours(24)), () -> 0.5))
                .isEmpty();
    }

    @Test
    void theShippedScheduleMakesAboutThirtyAttempts() {
        Instant now = START;
        int attempts = 0;
        for (var next = SHIPPED.next(1, START, now, () -> 0.5); next.isPresent(); ) {
            attempts++;
            now = next.get();
            next = SHIPPED.next(attempts + 1, START, now, () -> 0.5);
        }
        assertThat(attempts).isBetween(25, 60);
    }
}
