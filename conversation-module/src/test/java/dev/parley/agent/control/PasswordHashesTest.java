package dev.parley.agent.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordHashesTest {

    @Test
    void aNewHashUsesTheCurrentIterationsAndVerifies() {
        String hash = PasswordHashes.hash("correct horse battery");
        assertThat(hash).startsWith("PBKDF2WithHmacSHA256:600000:");
        assertThat(PasswordHashes.verify("correct horse battery", hash)).isTrue();
        assertThat(PasswordHashes.verify("correct horse batterY", hash)).isFalse();
        assertThat(PasswordHashes.needsUpgrade(hash)).isFalse();
    }

    @Test
    void anOlderHashStillVerifiesAndAsksForAnUpgrade() {
        String old = PasswordHashes.hash("correct horse battery", 1_000);
        assertThat(PasswordHashes.verify("correct horse battery", old)).isTrue();
        assertThat(PasswordHashes.needsUpgrade(old)).isTrue();
    }

    @Test
    void aMalformedStoredHashMatchesNothing() {
        assertThat(PasswordHashes.verify("x", "not a hash")).isFalse();
        assertThat(PasswordHashes.verify("x", "PBKDF2WithHmacSHA256:abc:AA==:AA=="))
                .isFalse();
        assertThat(PasswordHashes.verify("x", "PBKDF2WithHmacSHA256:999999999:AA==:AA=="))
                .isFalse();
        assertThat(PasswordHashes.verify(null, PasswordHashes.hash("y", 10))).isFalse();
    }
}
