package dev.parley.agent.entity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    static final LoginPolicy POLICY =
            new LoginPolicy(5, 20, Duration.ofMinutes(15), Duration.ofSeconds(1), Duration.ofMinutes(15));
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void theFifthFailureLocksForTheFirstLockAndEachFurtherOneDoubles() {
        LoginThrottle throttle = new LoginThrottle("x", T0);
        for (int i = 0; i < 4; i++) {
            assertThat(throttle.fail(T0, 5, POLICY)).isEmpty();
        }
        assertThat(throttle.fail(T0, 5, POLICY)).contains(Duration.ofSeconds(1));
        assertThat(throttle.lockedFor(T0)).contains(Duration.ofSeconds(1));
        assertThat(throttle.lockedFor(T0.plusSeconds(1))).isEmpty();
        assertThat(throttle.fail(T0.plusSeconds(2), 5, POLICY)).contains(Duration.ofSeconds(2));
        assertThat(throttle.fail(T0.plusSeconds(5), 5, POLICY)).contains(Duration.ofSeconds(4));
    }

    @Test
    void theLockGrowsToTheCapAndNoFurther() {
        assertThat(POLICY.lock(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(POLICY.lock(10)).isEqualTo(Duration.ofSeconds(512));
        assertThat(POLICY.lock(11)).isEqualTo(Duration.ofMinutes(15));
        assertThat(POLICY.lock(1_000)).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void aQuietWindowAfterTheLastFailureAndLockForgetsEverything() {
        LoginThrottle throttle = new LoginThrottle("x", T0);
        for (int i = 0; i < 5; i++) {
            throttle.fail(T0, 5, POLICY);
        }
        Instant quiet = T0.plusSeconds(1).plus(Duration.ofMinutes(15)).plusSeconds(1);
        assertThat(throttle.fail(quiet, 5, POLICY)).isEmpty();
        assertThat(throttle.getFailures()).isEqualTo(1);
        assertThat(throttle.getLocks()).isZero();
    }

    @Test
    void aLockAsLongAsTheWindowDoesNotResetTheGrowthByItself() {
        LoginThrottle throttle = new LoginThrottle("x", T0);
        LoginPolicy longLocks =
                new LoginPolicy(1, 1, Duration.ofMinutes(15), Duration.ofMinutes(15), Duration.ofMinutes(15));
        throttle.fail(T0, 1, longLocks);
        Instant afterTheLock = T0.plus(Duration.ofMinutes(15)).plusSeconds(1);
        assertThat(throttle.fail(afterTheLock, 1, longLocks)).isPresent();
        assertThat(throttle.getLocks()).isEqualTo(2);
    }
}
