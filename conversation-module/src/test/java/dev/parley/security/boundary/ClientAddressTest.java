package dev.parley.security.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressTest {

    private static final ClientAddress NO_PROXY = ClientAddress.trusting("");
    private static final ClientAddress BEHIND_PROXIES =
            ClientAddress.trusting("10.0.0.0/8, 192.168.1.7, 2001:db8::/32, ::1");

    @Test
    void withoutTrustedProxiesTheForwardedHeadersAreIgnored() {
        assertThat(NO_PROXY.address("203.0.113.9", List.of("198.51.100.1"))).isEqualTo("203.0.113.9");
        assertThat(NO_PROXY.https(false, "203.0.113.9", List.of(), List.of("https")))
                .isFalse();
    }

    @Test
    void anUntrustedPeerCannotClaimAnAddressOrHttps() {
        assertThat(BEHIND_PROXIES.address("203.0.113.9", List.of("10.0.0.1"))).isEqualTo("203.0.113.9");
        assertThat(BEHIND_PROXIES.https(false, "203.0.113.9", List.of(), List.of("https")))
                .isFalse();
    }

    @Test
    void aTrustedProxyNamesTheClient() {
        assertThat(BEHIND_PROXIES.address("10.1.2.3", List.of("198.51.100.1"))).isEqualTo("198.51.100.1");
        assertThat(BEHIND_PROXIES.https(false, "10.1.2.3", List.of("198.51.100.1"), List.of("https")))
                .isTrue();
        assertThat(BEHIND_PROXIES.https(false, "10.1.2.3", List.of("198.51.100.1"), List.of("http")))
                .isFalse();
    }

    @Test
    void theClientIsTheRightmostAddressThatIsNoTrustedProxy() {
        // the visitor wrote "1.1.1.1" itself; the edge proxy appended the real peer, the inner proxy its own
        assertThat(BEHIND_PROXIES.address("192.168.1.7", List.of("1.1.1.1, 198.51.100.1", "10.9.9.9")))
                .isEqualTo("198.51.100.1");
    }

    @Test
    void whenEveryHopIsTrustedTheLeftmostIsTheClient() {
        assertThat(BEHIND_PROXIES.address("10.0.0.1", List.of("10.0.0.2, 10.0.0.3")))
                .isEqualTo("10.0.0.2");
        assertThat(BEHIND_PROXIES.address("10.0.0.1", List.of())).isEqualTo("10.0.0.1");
    }

    @Test
    void garbageInTheChainStopsAtTheLastTrustedHop() {
        assertThat(BEHIND_PROXIES.address("10.0.0.1", List.of("evil.example, 10.0.0.2")))
                .isEqualTo("10.0.0.2");
        assertThat(BEHIND_PROXIES.address("10.0.0.1", List.of("not an address")))
                .isEqualTo("10.0.0.1");
    }

    @Test
    void ipv6NetworksAndForms() {
        assertThat(BEHIND_PROXIES.trusts("2001:db8:ffff::1")).isTrue();
        assertThat(BEHIND_PROXIES.trusts("2001:db9::1")).isFalse();
        assertThat(BEHIND_PROXIES.trusts("0:0:0:0:0:0:0:1")).isTrue();
        assertThat(BEHIND_PROXIES.address("::1", List.of("[2001:db8::5]:4711, 2606:4700::1111")))
                .isEqualTo("2606:4700:0:0:0:0:0:1111");
        assertThat(BEHIND_PROXIES.address("::1", List.of("203.0.113.9:51000"))).isEqualTo("203.0.113.9");
    }

    @Test
    void ipv4NetworksMatchByPrefixAndNeverAcrossFamilies() {
        ClientAddress narrow = ClientAddress.trusting("172.16.0.0/12, 100.64.0.1/32");
        assertThat(narrow.trusts("172.31.255.255")).isTrue();
        assertThat(narrow.trusts("172.32.0.0")).isFalse();
        assertThat(narrow.trusts("100.64.0.1")).isTrue();
        assertThat(narrow.trusts("100.64.0.2")).isFalse();
        assertThat(narrow.trusts("::ffff:172.16.0.1")).isTrue();
        assertThat(ClientAddress.trusting("0.0.0.0/0").trusts("::1")).isFalse();
        assertThat(ClientAddress.trusting("::/0").trusts("::1")).isTrue();
    }

    @Test
    void theProtoEntryOfTheClientCountsInAChain() {
        // one proto entry per hop: the client's hop said https, the inner hop http
        assertThat(BEHIND_PROXIES.https(false, "10.0.0.1", List.of("198.51.100.1, 10.0.0.2"), List.of("https, http")))
                .isTrue();
        assertThat(BEHIND_PROXIES.https(false, "10.0.0.1", List.of("198.51.100.1, 10.0.0.2"), List.of("http, https")))
                .isFalse();
        assertThat(BEHIND_PROXIES.https(true, "203.0.113.9", List.of(), List.of()))
                .isTrue();
    }

    @Test
    void aMisconfiguredEntryIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> ClientAddress.trusting("proxy.internal"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("parley.trusted-proxies");
        assertThatThrownBy(() -> ClientAddress.trusting("10.0.0.0/33")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClientAddress.trusting("10.0.0.256")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClientAddress.trusting("10.0.0.1:80")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anAddressIsNeverResolved() {
        assertThat(ClientAddress.canonical("localhost")).isEmpty();
        assertThat(ClientAddress.canonical("abc.def")).isEmpty();
        assertThat(NO_PROXY.address("127.0.0.1", List.of())).isEqualTo("127.0.0.1");
    }
}
