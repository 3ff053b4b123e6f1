package dev.parley.idempotency.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IdempotencyKeysTest {

    @Test
    void keysAreOneTo255PrintableAsciiCharacters() {
        assertThat(IdempotencyKeys.isValid("8e03978e-40d5-43e8-bc93-6894a57f9324"))
                .isTrue();
        assertThat(IdempotencyKeys.isValid("k")).isTrue();
        assertThat(IdempotencyKeys.isValid("k".repeat(255))).isTrue();
        assertThat(IdempotencyKeys.isValid("k".repeat(256))).isFalse();
        assertThat(IdempotencyKeys.isValid("")).isFalse();
        assertThat(IdempotencyKeys.isValid("   ")).isFalse();
        assertThat(IdempotencyKeys.isValid(null)).isFalse();
        assertThat(IdempotencyKeys.isValid("caf\u00e9")).isFalse();
        assertThat(IdempotencyKeys.isValid("a\tb")).isFalse();
    }
}
