package dev.parley.limit.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LimitTest {

    @Test
    void parsesMaxPerWindow() {
        Limit limit = Limit.parse("start-per-contact", " 10 / PT1M ");
        assertThat(limit.max()).isEqualTo(10);
        assertThat(limit.window()).isEqualTo(Duration.ofMinutes(1));
        assertThat(Limit.parse("x", "OFF")).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "10", "10/", "/PT1M", "0/PT1M", "-1/PT1M", "10/PT0S", "10/1m", "ten/PT1M"})
    void refusesWhatIsNoLimitNamingTheKey(String spec) {
        assertThatThrownBy(() -> Limit.parse("message-per-contact", spec))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("parley.limits.message-per-contact");
    }

    @Test
    void windowsAreTheSameOnEveryNodeAndRetryAfterIsTheRestOfTheWindow() {
        Limit limit = Limit.parse("x", "5/PT1M");
        Instant now = Instant.parse("2026-11-30T12:00:42.250Z");
        assertThat(limit.windowStart(now)).isEqualTo(Instant.parse("2026-11-30T12:00:00Z"));
        assertThat(limit.secondsLeft(now)).isEqualTo(18);
        assertThat(limit.secondsLeft(Instant.parse("2026-11-30T12:00:59.999Z"))).isEqualTo(1);
        assertThat(limit.bucket("10.0.0.1")).isEqualTo("x:10.0.0.1");
    }

    @Test
    void everyDefaultIsALimit() {
        for (VisitorLimit limit : VisitorLimit.values()) {
            assertThat(Limit.parse(limit.key(), limit.defaultSpec()))
                    .as(limit.key())
                    .isNotNull();
        }
    }
}
