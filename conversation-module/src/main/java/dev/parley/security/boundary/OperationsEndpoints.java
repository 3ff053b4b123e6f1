package dev.parley.security.boundary;

import dev.parley.problem.boundary.ProblemJson;
import dev.parley.problem.entity.ProblemException;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Who may read {@code /metrics} and {@code /health}: in the Payara Micro WAR, Payara registers both
 * servlets in the root web application, which is ours, so this filter (mapped in web.xml) stands in
 * front of them. They answer loopback, the trusted proxies themselves ({@code parley.trusted-proxies}:
 * a load balancer probing {@code /health/ready}) and the addresses of
 * {@code parley.operations.allowed-addresses} (IPs or CIDRs, comma-separated: a Prometheus server, a
 * monitoring network; {@code 0.0.0.0/0,::/0} for everyone); everybody else gets 404, as if there were
 * nothing. The client address is {@link ClientAddress}'s, so a visitor whose request a trusted proxy
 * forwards is refused, even though the proxy itself is let through.
 */
public class OperationsEndpoints implements Filter {

    public static final String ALLOWED = "parley.operations.allowed-addresses";

    private static final String LOOPBACK = "127.0.0.0/8,::1";

    private ClientAddress allowed;
    private ClientAddress proxies;

    @Override
    public void init(FilterConfig config) {
        allowed = allowing(ConfigProvider.getConfig()
                .getOptionalValue(ALLOWED, String.class)
                .orElse(""));
        proxies = ClientAddress.configured();
    }

    /**
     * Loopback and {@code addresses}.
     *
     * @throws IllegalArgumentException naming {@link #ALLOWED} for an entry that is no IP or CIDR
     */
    static ClientAddress allowing(String addresses) {
        try {
            return ClientAddress.trusting(LOOPBACK + "," + addresses);
        } catch (IllegalArgumentException invalid) {
            throw new IllegalArgumentException(ALLOWED + " must list IPs or CIDRs: "
                    + invalid.getMessage().replace(ClientAddress.TRUSTED_PROXIES + ": ", ""));
        }
    }

    /** Whether {@code client}, the address {@link ClientAddress} resolved, may read the endpoints. */
    static boolean allows(ClientAddress allowed, ClientAddress proxies, String client) {
        return allowed.trusts(client) || proxies.trusts(client);
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (allows(allowed, proxies, proxies.address((HttpServletRequest) request))) {
            chain.doFilter(request, response);
        } else {
            ProblemJson.send((HttpServletResponse) response, ProblemException.notFound("Nothing here."));
        }
    }
}
