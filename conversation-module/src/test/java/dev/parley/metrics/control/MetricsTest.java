package dev.parley.metrics.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class MetricsTest {

    @Test
    void withoutMicroProfileMetricsEveryFactIsAcceptedAndCountsNothing() {
        Metrics metrics = new Metrics();
        metrics.connect();

        assertThatCode(() -> {
                    Metrics.START_OUTCOMES.forEach(metrics::startAnswered);
                    metrics.messageStored("visitor");
                    metrics.pushed("widget", Duration.ofMillis(-3));
                    metrics.openSockets("console", () -> 2);
                    metrics.unavailable("lock_timeout");
                })
                .doesNotThrowAnyException();
    }

    @Test
    void aStartOutcomeOutsideTheListIsABug() {
        Metrics metrics = new Metrics();
        metrics.connect();

        assertThatThrownBy(() -> metrics.startAnswered("existing+message"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void duplicatesPreventedAreTheStartsThatFoundTheVisitorsConversation() {
        assertThat(Metrics.DUPLICATE_OUTCOMES)
                .containsExactlyInAnyOrder("existing", "replayed", "coalesced")
                .allSatisfy(outcome -> assertThat(Metrics.START_OUTCOMES).contains(outcome));
    }
}
