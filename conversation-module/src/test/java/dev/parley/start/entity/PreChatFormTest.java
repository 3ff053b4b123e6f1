package dev.parley.start.entity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.problem.entity.FieldError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PreChatFormTest {

    @Test
    void aCompleteFormIsValid() {
        assertThat(PreChatForm.violations(new PreChatForm("Ann", "ann@example.com", "Hello\nthere")))
                .isEmpty();
    }

    @Test
    void everyMissingFieldIsNamed() {
        assertThat(PreChatForm.violations(new PreChatForm(null, " ", "")))
                .extracting(FieldError::field)
                .containsExactly("name", "email", "message");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ann", "ann@", "@example.com", "ann@example", "ann@@example.com", "a n@example.com"})
    void malformedEmailsAreRefused(String email) {
        assertThat(PreChatForm.violations(new PreChatForm("Ann", email, "Hi")))
                .extracting(FieldError::field)
                .containsExactly("email");
    }

    @Test
    void limitsAreEnforcedAfterTrimming() {
        assertThat(PreChatForm.violations(new PreChatForm("N".repeat(200), "ann@example.com", "m".repeat(10_000))))
                .isEmpty();
        assertThat(PreChatForm.violations(new PreChatForm("N".repeat(201), "ann@example.com", "m".repeat(10_001))))
                .extracting(FieldError::field)
                .containsExactly("name", "message");
        assertThat(PreChatForm.violations(
                        new PreChatForm("  Ann  ", "ann@example.com", " " + "m".repeat(10_000) + " ")))
                .isEmpty();
    }

    @Test
    void controlCharactersAreRefusedButMessagesMayBreakLines() {
        assertThat(PreChatForm.violations(new PreChatForm("Ann\u0000", "ann@example.com", "line\r\nline\tend")))
                .extracting(FieldError::field)
                .containsExactly("name");
        assertThat(PreChatForm.violations(new PreChatForm("Ann", "ann@example.com", "bell\u0007")))
                .extracting(FieldError::field)
                .containsExactly("message");
    }

    @Test
    void theFingerprintIgnoresWhitespaceAndEmailCaseButNotContent() {
        PreChatForm form = new PreChatForm("Ann", "ann@example.com", "Hello");
        assertThat(new PreChatForm(" Ann ", "ANN@example.com ", "Hello\n").fingerprint())
                .isEqualTo(form.fingerprint());
        assertThat(new PreChatForm("Ann", "ann@example.com", "Hello!").fingerprint())
                .isNotEqualTo(form.fingerprint());
        assertThat(new PreChatForm("Ann", "ann@example.comHello", "").fingerprint())
                .as("fields are separated, not concatenated")
                .isNotEqualTo(new PreChatForm("Ann", "ann@example.com", "Hello").fingerprint());
    }
}
