package dev.parley.inbox.entity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.problem.entity.FieldError;
import org.junit.jupiter.api.Test;

class RetentionSettingsTest {

    @Test
    void nullKeepsForeverAndOneToOneHundredYearsAreAccepted() {
        assertThat(new RetentionSettings(1, null, null, false).violations()).isEmpty();
        assertThat(new RetentionSettings(1, 1, RetentionSettings.MAX_DAYS, true).violations())
                .isEmpty();
    }

    @Test
    void zeroNegativeAndOverOneHundredYearsAreRefusedFieldByField() {
        assertThat(new RetentionSettings(1, 0, RetentionSettings.MAX_DAYS + 1, false).violations())
                .extracting(FieldError::field)
                .containsExactly("messageRetentionDays", "auditRetentionDays");
        assertThat(new RetentionSettings(1, -5, null, false).violations())
                .extracting(FieldError::field)
                .containsExactly("messageRetentionDays");
    }
}
