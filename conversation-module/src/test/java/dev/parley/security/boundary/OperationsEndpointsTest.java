package dev.parley.security.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class OperationsEndpointsTest {

    static final ClientAddress NO_PROXIES = ClientAddress.trusting("");

    @Test
    void byDefaultOnlyLoopbackReadsMetricsAndHealth() {
        ClientAddress allowed = OperationsEndpoints.allowing("");

        assertThat(OperationsEndpoints.allows(allowed, NO_PROXIES, "127.0.0.1")).isTrue();
        assertThat(OperationsEndpoints.allows(allowed, NO_PROXIES, "::1")).isTrue();
        assertThat(OperationsEndpoints.allows(allowed, NO_PROXIES, "10.0.0.5")).isFalse();
        assertThat(OperationsEndpoints.allows(allowed, NO_PROXIES, "203.0.113.7"))
                .isFalse();
    }

    @Test
    void aTrustedProxyItselfIsLetThroughButNotTheClientsItForwards() {
        ClientAddress proxies = ClientAddress.trusting("10.0.0.2");
        ClientAddress allowed = OperationsEndpoints.allowing("");

        String probe = proxies.address("10.0.0.2", List.of());
        String forwarded = proxies.address("10.0.0.2", List.of("203.0.113.7"));

        assertThat(OperationsEndpoints.allows(allowed, proxies, probe)).isTrue();
        assertThat(OperationsEndpoints.allows(allowed, proxies, forwarded)).isFalse();
    }

    @Test
    void listedNetworksAreAllowedAndEveryoneWhenSaidSo() {
        ClientAddress monitoring = OperationsEndpoints.allowing("192.0.2.0/24, 2001:db8::9");
        ClientAddress everyone = OperationsEndpoints.allowing("0.0.0.0/0,::/0");

        assertThat(OperationsEndpoints.allows(monitoring, NO_PROXIES, "192.0.2.77"))
                .isTrue();
        assertThat(OperationsEndpoints.allows(monitoring, NO_PROXIES, "2001:db8::9"))
                .isTrue();
        assertThat(OperationsEndpoints.allows(monitoring, NO_PROXIES, "192.0.3.1"))
                .isFalse();
        assertThat(OperationsEndpoints.allows(everyone, NO_PROXIES, "203.0.113.7"))
                .isTrue();
        assertThat(OperationsEndpoints.allows(everyone, NO_PROXIES, "2001:db8::1"))
                .isTrue();
    }

    @Test
    void aHostNameIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> OperationsEndpoints.allowing("prometheus.internal"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(OperationsEndpoints.ALLOWED)
                .hasMessageNotContaining(ClientAddress.TRUSTED_PROXIES);
    }
}
