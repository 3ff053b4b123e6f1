package dev.parley.cluster.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.cluster.control.EventSignatures.Verdict;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RejectedEventsTest {

    static final String PAYLOAD = "42\n{\"type\":\"message.created\",\"content\":\"fake agent\"}";

    final Logger logger = Logger.getLogger(RejectedEvents.class.getName());
    final List<LogRecord> warnings = new CopyOnWriteArrayList<>();
    final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                warnings.add(record);
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    final MovingClock clock = new MovingClock(Instant.parse("2025-06-01T12:00:00Z"));
    final RejectedEvents rejected = new RejectedEvents(clock);

    @BeforeEach
    void listen() {
        logger.addHandler(capture);
    }

    @AfterEach
    void stopListening() {
        logger.removeHandler(capture);
    }

    @Test
    void everyRejectionCountsButAFloodWarnsOncePerInterval() {
        for (int i = 0; i < 1000; i++) {
            rejected.reject("parley.widget", Verdict.FORGED, "Member [10.0.0.9]:5701");
        }

        assertThat(rejected.count()).isEqualTo(1000);
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0).getMessage())
                .contains("parley.widget", "FORGED", "10.0.0.9", "PARLEY_CLUSTER_SECRET")
                .doesNotContain("fake agent");

        clock.now = clock.now.plus(RejectedEvents.WARNING_INTERVAL);
        rejected.reject("parley.console", Verdict.UNSIGNED, "Member [10.0.0.9]:5701");

        assertThat(rejected.count()).isEqualTo(1001);
        assertThat(warnings).hasSize(2);
        assertThat(warnings.get(1).getMessage()).contains("Dropped 1000 ", "UNSIGNED", "1001 in all");
    }

    static final class MovingClock extends Clock {

        volatile Instant now;

        MovingClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
