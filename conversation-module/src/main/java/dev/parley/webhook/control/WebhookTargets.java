package dev.parley.webhook.control;

import dev.parley.problem.entity.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Keeps webhooks from reaching into the network Parley runs in (SSRF): a target whose host resolves to a
 * loopback, private, link-local, unique-local, shared (CGNAT), multicast or unspecified address is refused,
 * unless {@code parley.webhooks.allow-private-targets} is true. Checked when an endpoint is registered and
 * again before every attempt, since a name may resolve elsewhere later (DNS rebinding).
 */
@ApplicationScoped
public class WebhookTargets {

    @Inject
    WebhookSettings settings;

    /** A 400 unless the URL's host may be posted to. */
    public void checkRegistrable(String url) {
        refusal(URI.create(url)).ifPresent(reason -> {
            throw ProblemException.invalid("url", reason);
        });
    }

    /** Why this target may not be posted to now, or empty when it may. */
    public Optional<String> refusal(URI target) {
        if (settings.allowPrivateTargets()) {
            return Optional.empty();
        }
        return refusal(target.getHost());
    }

    /** The address rule alone, without the setting: what a unit test checks. */
    static Optional<String> refusal(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(bare);
        } catch (UnknownHostException | SecurityException e) {
            return Optional.of("has a host that does not resolve");
        }
        for (InetAddress address : addresses) {
            if (isInternal(address)) {
                return Optional.of("must not point at a loopback, private or link-local address"
                        + " (set parley.webhooks.allow-private-targets=true to allow it)");
            }
        }
        return Optional.empty();
    }

    static boolean isInternal(InetAddress address) {
        if (address.isAnyLocalAddress()
                || address.isLoopbackAddress()
                || address.isLinkLocalAddress()
                || address.isSiteLocalAddress()
                || address.isMulticastAddress()) {
            return true;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = bytes[0] & 0xff;
            int second = bytes[1] & 0xff;
            return first == 0 // "this network"
                    || first == 100 && second >= 64 && second <= 127 // shared address space (CGNAT)
                    || first == 192 && second == 0 && (bytes[2] & 0xff) == 0 // IETF protocol assignments
                    || first == 198 && (second == 18 || second == 19) // benchmarking
                    || first >= 240; // reserved and broadcast
        }
        if (address instanceof Inet6Address) {
            int first = bytes[0] & 0xff;
            return (first & 0xfe) == 0xfc // unique local fc00::/7
                    || isMappedOrCompatibleV4(bytes);
        }
        return false;
    }

    /** ::ffff:a.b.c.d and the like, which Java does not turn into an Inet4Address: judged by their IPv4 part. */
    private static boolean isMappedOrCompatibleV4(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        boolean mapped = (bytes[10] & 0xff) == 0xff && (bytes[11] & 0xff) == 0xff;
        boolean compatible = bytes[10] == 0 && bytes[11] == 0;
        if (!mapped && !compatible) {
            return false;
        }
        try {
            return isInternal(InetAddress.getByAddress(new byte[] {bytes[12], bytes[13], bytes[14], bytes[15]}));
        } catch (UnknownHostException e) {
            return true;
        }
    }
}
