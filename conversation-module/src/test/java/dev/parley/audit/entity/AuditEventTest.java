package dev.parley.audit.entity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditEventTest {

    private static AuditEvent withDetail(String detail) {
        return new AuditEvent(Instant.EPOCH, "session.start", "verified", "contact:1", null, 1L, null, detail);
    }

    @Test
    void scrubbingReplacesEveryOccurrenceLongestFirst() {
        AuditEvent entry = withDetail("verified identity ann; email ann@example.com; ann again");
        entry.scrub(List.of("ann", "ann@example.com"), "[erased]");
        assertThat(entry.getDetail()).isEqualTo("verified identity [erased]; email [erased]; [erased] again");
    }

    @Test
    void anEntryWithoutDetailStaysWithout() {
        AuditEvent entry = withDetail(null);
        entry.scrub(List.of("ann"), "[erased]");
        assertThat(entry.getDetail()).isNull();
    }
}
