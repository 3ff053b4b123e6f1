package dev.parley.security.entity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DigestsTest {

    @Test
    void sha256IsTheKnownVector() {
        assertThat(Digests.sha256Hex("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void hmacIsRfc4231TestCase2() {
        assertThat(Digests.hmacSha256Hex("Jefe", "what do ya want for nothing?"))
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    @Test
    void sameHexComparesWholeDigestsOnly() {
        String digest = Digests.hmacSha256Hex("secret", "user-1");
        assertThat(Digests.sameHex(digest, digest.toUpperCase())).isTrue();
        assertThat(Digests.sameHex(digest, Digests.hmacSha256Hex("secret", "user-2")))
                .isFalse();
        assertThat(Digests.sameHex(digest, digest.substring(1))).isFalse();
        assertThat(Digests.sameHex(digest, null)).isFalse();
    }
}
