package dev.parley.cluster.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.cluster.control.EventSignatures.Opened;
import dev.parley.cluster.control.EventSignatures.Verdict;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class EventSignaturesTest {

    static final String SECRET = "a-cluster-secret-of-forty-characters-xyz";
    static final String TOPIC = "parley.widget";
    static final String PAYLOAD = "42\n{\"type\":\"message.created\",\"content\":\"héllo\\nthere\"}";
    static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    static EventSignatures at(Instant time, String secret) {
        return EventSignatures.withSecret(secret, Clock.fixed(time, ZoneOffset.UTC));
    }

    final EventSignatures node = at(NOW, SECRET);

    @Test
    void anEventSealedWithTheSecretOpensToTheExactPayload() {
        Opened opened = node.open(TOPIC, at(NOW.minusSeconds(2), SECRET).seal(TOPIC, PAYLOAD));

        assertThat(opened.verdict()).isEqualTo(Verdict.ACCEPTED);
        assertThat(opened.payload()).isEqualTo(PAYLOAD);
    }

    @Test
    void anEmptyPayloadRoundTrips() {
        assertThat(node.open(TOPIC, node.seal(TOPIC, "")).payload()).isEmpty();
    }

    @Test
    void aTamperedPayloadIsForged() {
        String sealed = node.seal(TOPIC, PAYLOAD);

        Opened opened = node.open(TOPIC, sealed.replace("42\n", "43\n"));

        assertThat(opened.verdict()).isEqualTo(Verdict.FORGED);
        assertThat(opened.payload()).isNull();
    }

    @Test
    void aTamperedTimeIsForged() {
        String sealed = node.seal(TOPIC, PAYLOAD);
        String later = sealed.replaceFirst(" " + NOW.toEpochMilli() + " ", " " + (NOW.toEpochMilli() + 1) + " ");

        assertThat(later).isNotEqualTo(sealed);
        assertThat(node.open(TOPIC, later).verdict()).isEqualTo(Verdict.FORGED);
    }

    @Test
    void anEventMovedToAnotherTopicIsForged() {
        assertThat(node.open("parley.console", node.seal(TOPIC, PAYLOAD)).verdict())
                .isEqualTo(Verdict.FORGED);
    }

    @Test
    void anEventSealedWithAnotherSecretIsForged() {
        String forged = at(NOW, SECRET.replace('x', 'y')).seal(TOPIC, PAYLOAD);

        assertThat(node.open(TOPIC, forged).verdict()).isEqualTo(Verdict.FORGED);
    }

    @Test
    void aPayloadWithoutASignatureIsUnsigned() {
        assertThat(node.open(TOPIC, PAYLOAD).verdict()).isEqualTo(Verdict.UNSIGNED);
        assertThat(node.open(TOPIC, "{\"type\":\"message.created\"}").verdict()).isEqualTo(Verdict.UNSIGNED);
        assertThat(node.open(TOPIC, "").verdict()).isEqualTo(Verdict.UNSIGNED);
        assertThat(node.open(TOPIC, EventSignatures.SCHEME + " 1\n" + PAYLOAD).verdict())
                .isEqualTo(Verdict.UNSIGNED);
    }

    @Test
    void somethingOtherThanTextIsUnsigned() {
        assertThat(node.open(TOPIC, null).verdict()).isEqualTo(Verdict.UNSIGNED);
        assertThat(node.open(TOPIC, 42L).verdict()).isEqualTo(Verdict.UNSIGNED);
    }

    @Test
    void aGarbledHeaderIsForgedNotAnError() {
        assertThat(node.open(TOPIC, EventSignatures.SCHEME + " soon 00\n" + PAYLOAD)
                        .verdict())
                .isEqualTo(Verdict.FORGED);
        assertThat(node.open(TOPIC, EventSignatures.SCHEME + " 1 \n" + PAYLOAD).verdict())
                .isEqualTo(Verdict.FORGED);
    }

    @Test
    void anEventAtTheEdgeOfTheWindowIsAccepted() {
        String sealed = at(NOW.minus(EventSignatures.WINDOW), SECRET).seal(TOPIC, PAYLOAD);

        assertThat(node.open(TOPIC, sealed).verdict()).isEqualTo(Verdict.ACCEPTED);
    }

    @Test
    void anEventOlderThanTheWindowIsExpired() {
        String captured =
                at(NOW.minus(EventSignatures.WINDOW).minusMillis(1), SECRET).seal(TOPIC, PAYLOAD);

        Opened replayed = node.open(TOPIC, captured);

        assertThat(replayed.verdict()).isEqualTo(Verdict.EXPIRED);
        assertThat(replayed.payload()).isNull();
    }

    @Test
    void anEventFromFurtherThanTheWindowInTheFutureIsExpired() {
        String early = at(NOW.plus(EventSignatures.WINDOW).plus(Duration.ofSeconds(1)), SECRET)
                .seal(TOPIC, PAYLOAD);

        assertThat(node.open(TOPIC, early).verdict()).isEqualTo(Verdict.EXPIRED);
    }

    @Test
    void aMissingSecretIsRefusedNamingTheSetting() {
        for (String missing : new String[] {null, "", "   "}) {
            assertThatThrownBy(() -> at(NOW, missing))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("PARLEY_CLUSTER_SECRET")
                    .hasMessageContaining("parley.cluster-secret");
        }
    }

    @Test
    void aShortSecretIsRefusedWithoutPrintingIt() {
        String shortSecret = "only-twenty-chars-xx";

        assertThatThrownBy(() -> at(NOW, shortSecret))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PARLEY_CLUSTER_SECRET")
                .hasMessageNotContaining(shortSecret);
    }
}
