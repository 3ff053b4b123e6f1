package dev.parley.security.boundary;

import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Who sent a request, and over which scheme: the one place that reads {@code X-Forwarded-For} and
 * {@code X-Forwarded-Proto}. Those headers are anyone's to write, so they count only when the direct
 * peer is a configured trusted proxy ({@code parley.trusted-proxies}: IPs or CIDRs, comma-separated;
 * empty, the default, trusts none). In a chain of forwarded addresses the client is the rightmost one
 * that is not itself a trusted proxy: everything left of it was written by someone we do not trust.
 *
 * <p>Use {@link #of(HttpServletRequest)} and {@link #isHttps(HttpServletRequest)} (the configured
 * proxies), or an instance from {@link #trusting(String)} where a test chooses them.
 */
public final class ClientAddress {

    public static final String TRUSTED_PROXIES = "parley.trusted-proxies";

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");

    private final List<Network> trusted;

    private ClientAddress(List<Network> trusted) {
        this.trusted = List.copyOf(trusted);
    }

    /** The client's address under the configured trusted proxies; the peer's own when none is trusted. */
    public static String of(HttpServletRequest request) {
        return Configured.INSTANCE.address(request);
    }

    /** Whether the request reached Parley over HTTPS: directly, or as a trusted proxy says. */
    public static boolean isHttps(HttpServletRequest request) {
        return Configured.INSTANCE.https(request);
    }

    /** The configured trusted proxies (MicroProfile Config, read once). */
    public static ClientAddress configured() {
        return Configured.INSTANCE;
    }

    /**
     * Trusting the given comma-separated IPs and CIDRs ({@code 10.0.0.0/8, ::1, 2001:db8::/32}).
     *
     * @throws IllegalArgumentException for an entry that is no IP literal or CIDR (a host name is refused:
     *     trust is never decided by a DNS lookup)
     */
    public static ClientAddress trusting(String proxies) {
        List<Network> networks = new ArrayList<>();
        for (String entry : proxies == null ? new String[0] : proxies.split(",")) {
            if (!entry.isBlank()) {
                networks.add(Network.parse(entry.strip()));
            }
        }
        return new ClientAddress(networks);
    }

    public String address(HttpServletRequest request) {
        return address(request.getRemoteAddr(), Collections.list(request.getHeaders("X-Forwarded-For")));
    }

    public boolean https(HttpServletRequest request) {
        return https(
                request.isSecure(),
                request.getRemoteAddr(),
                Collections.list(request.getHeaders("X-Forwarded-For")),
                Collections.list(request.getHeaders("X-Forwarded-Proto")));
    }

    /**
     * The client's address given the direct peer and the {@code X-Forwarded-For} headers in the order
     * received: the peer when it is not trusted; else the rightmost forwarded address that is not a
     * trusted proxy (the leftmost when all are, the last trusted one when the chain holds something
     * that is no address).
     */
    public String address(String peer, List<String> forwardedFor) {
        String client = canonical(peer).orElse(peer == null || peer.isBlank() ? "unknown" : peer);
        if (!trusts(client)) {
            return client;
        }
        List<String> chain = entries(forwardedFor);
        for (int i = chain.size() - 1; i >= 0; i--) {
            Optional<String> hop = canonical(chain.get(i));
            if (hop.isEmpty()) {
                return client;
            }
            client = hop.get();
            if (!trusts(client)) {
                return client;
            }
        }
        return client;
    }

    /**
     * Whether the client used HTTPS: the connection is secure, or the peer is trusted and the
     * {@code X-Forwarded-Proto} entry that belongs to the client says {@code https}. With one entry per
     * forwarded address, the entry at the client's position; with a single entry, that one; otherwise
     * the rightmost (what the nearest proxy saw).
     */
    public boolean https(boolean secure, String peer, List<String> forwardedFor, List<String> forwardedProto) {
        if (secure) {
            return true;
        }
        if (!trusts(canonical(peer).orElse(""))) {
            return false;
        }
        List<String> protos = entries(forwardedProto);
        if (protos.isEmpty()) {
            return false;
        }
        List<String> chain = entries(forwardedFor);
        String proto = protos.get(protos.size() - 1);
        if (protos.size() > 1 && protos.size() == chain.size()) {
            String client = address(peer, forwardedFor);
            for (int i = chain.size() - 1; i >= 0; i--) {
                if (canonical(chain.get(i)).filter(client::equals).isPresent()) {
                    proto = protos.get(i);
                    break;
                }
            }
        }
        return proto.equalsIgnoreCase("https");
    }

    /** Whether the address (an IP literal) is one of the trusted proxies. */
    public boolean trusts(String address) {
        Optional<byte[]> bytes = bytes(address);
        return bytes.isPresent() && trusted.stream().anyMatch(network -> network.contains(bytes.get()));
    }

    private static List<String> entries(List<String> headers) {
        List<String> entries = new ArrayList<>();
        for (String header : headers) {
            for (String entry : header.split(",")) {
                if (!entry.isBlank()) {
                    entries.add(entry.strip());
                }
            }
        }
        return entries;
    }

    /** The address in Java's canonical text form; empty when it is no IP literal. */
    static Optional<String> canonical(String address) {
        return bytes(address).flatMap(ClientAddress::text);
    }

    private static Optional<String> text(byte[] bytes) {
        try {
            return Optional.of(InetAddress.getByAddress(bytes).getHostAddress());
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /**
     * The address's bytes (4 or 16; an IPv4-mapped IPv6 address as its IPv4), never looking anything
     * up: {@code [v6]} and {@code [v6]:port} and {@code v4:port} are accepted as proxies write them.
     */
    static Optional<byte[]> bytes(String address) {
        if (address == null) {
            return Optional.empty();
        }
        String literal = address.strip();
        if (literal.startsWith("[")) {
            int end = literal.indexOf(']');
            if (end < 0) {
                return Optional.empty();
            }
            literal = literal.substring(1, end);
        } else if (literal.indexOf(':') > 0 && literal.indexOf(':') == literal.lastIndexOf(':')) {
            literal = literal.substring(0, literal.indexOf(':'));
        }
        var v4 = IPV4.matcher(literal);
        if (v4.matches()) {
            byte[] bytes = new byte[4];
            for (int i = 0; i < 4; i++) {
                int part = Integer.parseInt(v4.group(i + 1));
                if (part > 255) {
                    return Optional.empty();
                }
                bytes[i] = (byte) part;
            }
            return Optional.of(bytes);
        }
        if (literal.contains(":") && IPV6.matcher(literal).matches()) {
            try {
                // a literal with ':' is parsed, never resolved
                return Optional.of(InetAddress.getByName(literal).getAddress());
            } catch (UnknownHostException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** An address and a prefix length: {@code 10.0.0.0/8}, {@code ::1} (a /128). */
    record Network(byte[] address, int prefix) {

        static Network parse(String cidr) {
            int slash = cidr.indexOf('/');
            String literal = slash < 0 ? cidr : cidr.substring(0, slash);
            boolean plain = IPV4.matcher(literal).matches()
                    || literal.indexOf(':') != literal.lastIndexOf(':')
                            && IPV6.matcher(literal).matches();
            byte[] address = bytes(plain ? literal : "")
                    .orElseThrow(() ->
                            new IllegalArgumentException(TRUSTED_PROXIES + ": not an IP address or CIDR: " + cidr));
            int prefix;
            try {
                prefix = slash < 0 ? address.length * 8 : Integer.parseInt(cidr.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(TRUSTED_PROXIES + ": not a prefix length: " + cidr);
            }
            if (prefix < 0 || prefix > address.length * 8) {
                throw new IllegalArgumentException(TRUSTED_PROXIES + ": prefix out of range: " + cidr);
            }
            return new Network(address, prefix);
        }

        boolean contains(byte[] candidate) {
            if (candidate.length != address.length) {
                return false;
            }
            int bits = prefix;
            for (int i = 0; i < address.length && bits > 0; i++, bits -= 8) {
                int mask = bits >= 8 ? 0xFF : (0xFF << (8 - bits)) & 0xFF;
                if ((candidate[i] & mask) != (address[i] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Read once: the configuration cannot change while the application runs. */
    private static final class Configured {
        static final ClientAddress INSTANCE = trusting(ConfigProvider.getConfig()
                .getOptionalValue(TRUSTED_PROXIES, String.class)
                .orElse(""));
    }
}
