package dev.parley.widget.socket;

import dev.parley.limit.boundary.RateLimits;
import dev.parley.limit.entity.RateLimited;
import dev.parley.limit.entity.VisitorLimit;
import dev.parley.problem.boundary.ProblemJson;
import dev.parley.security.boundary.ClientAddress;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * Counts widget socket handshakes per client address before the upgrade (the socket API does not tell
 * the peer's address, the servlet request does, through a trusted proxy too): over
 * {@code parley.limits.socket-per-address} the handshake is answered {@code 429} with Retry-After and no
 * socket is opened. Mapped on the socket's path in web.xml.
 */
public class SocketOpenLimit extends HttpFilter {

    @Inject
    RateLimits limits;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Optional<RateLimited> limited = limits.hit(Map.of(VisitorLimit.SOCKET_PER_ADDRESS, ClientAddress.of(request)));
        if (limited.isPresent()) {
            ProblemJson.send(response, limited.get());
            return;
        }
        chain.doFilter(request, response);
    }
}
