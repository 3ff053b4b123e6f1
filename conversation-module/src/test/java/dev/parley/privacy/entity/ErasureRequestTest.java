package dev.parley.privacy.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ErasureRequestTest {

    private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");

    @Test
    void aPendingRequestIsDecidedOnceAndTheFirstDecisionStays() {
        ErasureRequest request = new ErasureRequest(1, 7, NOW);
        assertThat(request.getStatus()).isEqualTo(ErasureRequestStatus.PENDING);

        assertThat(request.decide(ErasureRequestStatus.REJECTED, "agent:ann", NOW.plusSeconds(60)))
                .isTrue();
        assertThat(request.decide(ErasureRequestStatus.CONFIRMED, "agent:bob", NOW.plusSeconds(120)))
                .isFalse();

        assertThat(request.getStatus()).isEqualTo(ErasureRequestStatus.REJECTED);
        assertThat(request.getDecidedBy()).isEqualTo("agent:ann");
        assertThat(request.getDecidedAt()).isEqualTo(NOW.plusSeconds(60));
    }

    @Test
    void pendingIsNoDecision() {
        assertThatThrownBy(() -> new ErasureRequest(1, 7, NOW).decide(ErasureRequestStatus.PENDING, "agent:ann", NOW))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
