package dev.parley.contact.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.parley.contact.entity.Identity.Verdict;
import dev.parley.inbox.entity.IdentityMode;
import dev.parley.security.entity.Digests;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The identity rule branch by branch: who is verified, who is refused, and with which status. */
class IdentityTest {

    static final String SECRET = "the-inbox-secret";
    static final String USER = "user-42";
    static final String HASH = Digests.hmacSha256Hex(SECRET, USER);

    static Stream<Arguments> verdicts() {
        return Stream.of(
                arguments("a hash made with the secret verifies", USER, HASH, IdentityMode.OPTIONAL, Verdict.VERIFIED),
                arguments(
                        "so it does where verification is required",
                        USER,
                        HASH,
                        IdentityMode.REQUIRED,
                        Verdict.VERIFIED),
                arguments(
                        "an uppercase hash is the same hash",
                        USER,
                        HASH.toUpperCase(Locale.ROOT),
                        IdentityMode.OPTIONAL,
                        Verdict.VERIFIED),
                arguments(
                        "a hash of another identifier is refused",
                        "user-43",
                        HASH,
                        IdentityMode.OPTIONAL,
                        Verdict.UNVERIFIED),
                arguments(
                        "a hash made with another secret is refused",
                        USER,
                        Digests.hmacSha256Hex("old-secret", USER),
                        IdentityMode.OPTIONAL,
                        Verdict.UNVERIFIED),
                arguments(
                        "an identifier without a hash is refused",
                        USER,
                        null,
                        IdentityMode.OPTIONAL,
                        Verdict.UNVERIFIED),
                arguments(
                        "a hash that is not 64 hex characters is refused, not reported as malformed",
                        USER,
                        HASH.substring(1),
                        IdentityMode.OPTIONAL,
                        Verdict.UNVERIFIED),
                arguments(
                        "a hash with a non-hex character is refused",
                        USER,
                        "g" + HASH.substring(1),
                        IdentityMode.OPTIONAL,
                        Verdict.UNVERIFIED),
                arguments(
                        "where verification is off even a valid hash is refused: nothing can be verified",
                        USER,
                        HASH,
                        IdentityMode.OFF,
                        Verdict.UNVERIFIED),
                arguments("no identifier is anonymous", null, null, IdentityMode.OPTIONAL, Verdict.ANONYMOUS),
                arguments(
                        "anonymous visitors chat where verification is off",
                        null,
                        null,
                        IdentityMode.OFF,
                        Verdict.ANONYMOUS),
                arguments(
                        "anonymous visitors are refused where verification is required",
                        null,
                        null,
                        IdentityMode.REQUIRED,
                        Verdict.ANONYMOUS_REFUSED),
                arguments("a blank identifier is malformed", "  ", HASH, IdentityMode.OPTIONAL, Verdict.MALFORMED),
                arguments(
                        "an identifier with a control character is malformed",
                        "user\n42",
                        HASH,
                        IdentityMode.OPTIONAL,
                        Verdict.MALFORMED),
                arguments(
                        "an identifier over 255 characters is malformed",
                        "u".repeat(256),
                        Digests.hmacSha256Hex(SECRET, "u".repeat(256)),
                        IdentityMode.OPTIONAL,
                        Verdict.MALFORMED),
                arguments(
                        "a malformed identifier is malformed even where verification is off",
                        "",
                        null,
                        IdentityMode.OFF,
                        Verdict.MALFORMED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("verdicts")
    void theRuleDecides(String rule, String identifier, String hash, IdentityMode mode, Verdict expected) {
        assertThat(new Identity(identifier, hash).decide(mode, SECRET)).isEqualTo(expected);
    }

    @Test
    void anIdentifierOfExactly255CharactersIsVerified() {
        String longest = "é".repeat(Identity.IDENTIFIER_LIMIT);
        assertThat(new Identity(longest, Digests.hmacSha256Hex(SECRET, longest)).decide(IdentityMode.OPTIONAL, SECRET))
                .isEqualTo(Verdict.VERIFIED);
    }

    @ParameterizedTest
    @EnumSource(IdentityMode.class)
    void withoutASecretNoIdentifierIsVerified(IdentityMode mode) {
        assertThat(new Identity(USER, HASH).decide(mode, null)).isEqualTo(Verdict.UNVERIFIED);
        assertThat(new Identity(USER, HASH).decide(mode, "")).isEqualTo(Verdict.UNVERIFIED);
    }

    @Test
    void malformationSaysWhy() {
        assertThat(new Identity("u".repeat(256), null).malformation()).hasValue("must be at most 255 characters");
        assertThat(new Identity("a\u0000b", null).malformation()).hasValue("must not contain control characters");
        assertThat(new Identity(" ", null).malformation()).hasValue("must not be blank");
        assertThat(new Identity(USER, null).malformation()).isEmpty();
        assertThat(new Identity(null, null).malformation()).isEmpty();
    }
}
