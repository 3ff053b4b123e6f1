package dev.parley.contact.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ContactTokensTest {

    @Test
    void tokensCarry256RandomBitsAndAreWellFormed() {
        Set<String> tokens = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String token = ContactTokens.generate();
            assertThat(ContactTokens.isWellFormed(token)).isTrue();
            tokens.add(token);
        }
        assertThat(tokens).hasSize(1000);
    }

    @Test
    void onlyTheHashIsStoredAndItIsStable() {
        String token = ContactTokens.generate();
        assertThat(ContactTokens.hash(token))
                .hasSize(64)
                .isEqualTo(ContactTokens.hash(token))
                .doesNotContain(token);
    }

    @Test
    void malformedTokensAreRejectedBeforeAnyLookup() {
        assertThat(ContactTokens.isWellFormed(null)).isFalse();
        assertThat(ContactTokens.isWellFormed("short")).isFalse();
        assertThat(ContactTokens.isWellFormed("A".repeat(42) + "=")).isFalse();
        assertThat(ContactTokens.isWellFormed("'".repeat(43))).isFalse();
    }
}
