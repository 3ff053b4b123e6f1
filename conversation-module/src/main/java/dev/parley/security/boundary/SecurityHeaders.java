package dev.parley.security.boundary;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The security headers of every response, one instance per path in web.xml, configured by
 * init-params: {@code content-security-policy} (none when absent), {@code referrer-policy} (default
 * {@code strict-origin-when-cross-origin}), {@code frame-options} (none when absent),
 * {@code cookie-same-site} (added to cookies that name none; Payara ignores web.xml's) and
 * {@code hash-inline-code}: when {@code true}, an HTML page is held until it is complete and its
 * inline scripts, handlers and styles are added to the policy as hashes ({@link InlineCode}).
 * Always: {@code X-Content-Type-Options: nosniff}; {@code Strict-Transport-Security} (a year, no
 * preload) only when the request came over HTTPS, directly or through a trusted proxy
 * ({@link ClientAddress}); then every cookie the response sets is {@code Secure} as well, the
 * container's session cookie included (a plain-HTTP local run keeps working without it).
 * docs/SECURITY.md lists the headers per path.
 */
public class SecurityHeaders implements Filter {

    static final String HSTS = "max-age=31536000";

    private String policy;
    private boolean hashInlineCode;
    private String sameSite;
    private final Map<String, String> fixed = new LinkedHashMap<>();

    @Override
    public void init(FilterConfig config) {
        policy = config.getInitParameter("content-security-policy");
        hashInlineCode = Boolean.parseBoolean(config.getInitParameter("hash-inline-code"));
        sameSite = config.getInitParameter("cookie-same-site");
        fixed.put("X-Content-Type-Options", "nosniff");
        String referrer = config.getInitParameter("referrer-policy");
        fixed.put("Referrer-Policy", referrer == null ? "strict-origin-when-cross-origin" : referrer);
        if (config.getInitParameter("frame-options") != null) {
            fixed.put("X-Frame-Options", config.getInitParameter("frame-options"));
        }
        if (policy != null) {
            fixed.put("Content-Security-Policy", policy);
        }
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        HttpServletResponse answer = (HttpServletResponse) response;
        boolean https = ClientAddress.isHttps(http);
        Map<String, String> headers = new LinkedHashMap<>(fixed);
        if (https) {
            headers.put("Strict-Transport-Security", HSTS);
        }
        headers.forEach(answer::setHeader);
        if (http.getHeader("Upgrade") != null) {
            // a WebSocket handshake: the container takes over the connection, leave it untouched
            chain.doFilter(request, response);
            return;
        }
        HeldResponse held = new HeldResponse(answer, headers, https, hashInlineCode && policy != null, sameSite);
        chain.doFilter(request, held);
        held.finish(policy);
    }
}
