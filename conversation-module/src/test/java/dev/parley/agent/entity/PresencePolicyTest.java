package dev.parley.agent.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Reported presence fading with inactivity: ONLINE, then AWAY, then OFFLINE. */
class PresencePolicyTest {

    static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
    static final PresencePolicy POLICY = PresencePolicy.DEFAULT;

    @Test
    void anActiveAgentShowsWhatItReported() {
        Instant justNow = NOW.minusSeconds(10);

        assertThat(POLICY.effective(Presence.ONLINE, justNow, NOW)).isEqualTo(Presence.ONLINE);
        assertThat(POLICY.effective(Presence.AWAY, justNow, NOW)).isEqualTo(Presence.AWAY);
        assertThat(POLICY.effective(Presence.OFFLINE, justNow, NOW)).isEqualTo(Presence.OFFLINE);
    }

    @Test
    void onlineTurnsAwayAfterFiveQuietMinutes() {
        assertThat(POLICY.effective(
                        Presence.ONLINE, NOW.minus(Duration.ofMinutes(5)).plusMillis(1), NOW))
                .isEqualTo(Presence.ONLINE);
        assertThat(POLICY.effective(Presence.ONLINE, NOW.minus(Duration.ofMinutes(5)), NOW))
                .isEqualTo(Presence.AWAY);
    }

    @Test
    void anyReportTurnsOfflineAfterThirtyQuietMinutes() {
        Instant longAgo = NOW.minus(Duration.ofMinutes(30));

        assertThat(POLICY.effective(Presence.ONLINE, longAgo, NOW)).isEqualTo(Presence.OFFLINE);
        assertThat(POLICY.effective(Presence.AWAY, longAgo, NOW)).isEqualTo(Presence.OFFLINE);
    }

    @Test
    void anAgentNeverActiveIsOffline() {
        assertThat(POLICY.effective(Presence.ONLINE, null, NOW)).isEqualTo(Presence.OFFLINE);
    }

    @Test
    void onlineForAssignmentMeansActiveSinceAwayAfter() {
        assertThat(POLICY.activeSince(NOW)).isEqualTo(NOW.minus(Duration.ofMinutes(5)));
    }

    @Test
    void offlineBeforeAwayIsAConfigurationError() {
        assertThatThrownBy(() -> new PresencePolicy(Duration.ofMinutes(10), Duration.ofMinutes(5)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PresencePolicy(Duration.ZERO, Duration.ofMinutes(5)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
