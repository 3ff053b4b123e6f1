package dev.parley.webhook.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookTargetsTest {

    @Test
    void internalAddressesAreRefused() throws Exception {
        for (String address : List.of(
                "127.0.0.1",
                "127.1.2.3",
                "10.1.2.3",
                "172.16.0.1",
                "192.168.1.1",
                "169.254.169.254",
                "100.64.0.1",
                "0.0.0.0",
                "224.0.0.1",
                "255.255.255.255",
                "::1",
                "::",
                "fe80::1",
                "fd00::1",
                "fc00::1",
                "ff02::1",
                "::ffff:127.0.0.1",
                "::ffff:10.0.0.1")) {
            assertThat(WebhookTargets.isInternal(InetAddress.getByName(address)))
                    .as(address)
                    .isTrue();
        }
    }

    @Test
    void publicAddressesPass() throws Exception {
        for (String address : List.of("93.184.216.34", "8.8.8.8", "172.32.0.1", "2606:4700::1111")) {
            assertThat(WebhookTargets.isInternal(InetAddress.getByName(address)))
                    .as(address)
                    .isFalse();
        }
    }

    @Test
    void aHostIsJudgedByWhatItResolvesTo() {
        assertThat(WebhookTargets.refusal("localhost")).isPresent();
        assertThat(WebhookTargets.refusal("127.0.0.1")).isPresent();
        assertThat(WebhookTargets.refusal("[::1]")).isPresent();
        assertThat(WebhookTargets.refusal("8.8.8.8")).isEmpty();
        assertThat(WebhookTargets.refusal("no-such-host.invalid")).isPresent();
    }
}
