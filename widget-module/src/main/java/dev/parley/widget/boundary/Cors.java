package dev.parley.widget.boundary;

import dev.parley.inbox.boundary.Inboxes;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

/**
 * The widget runs on other people's sites: answers preflights and marks answers readable for
 * origins an inbox allows (default: any). Credentials travel as bearer tokens, never cookies.
 */
@Provider
@PreMatching
public class Cors implements ContainerRequestFilter, ContainerResponseFilter {

    private static final String ALLOWED_HEADERS = "Authorization, Content-Type, Idempotency-Key, X-Request-ID";
    private static final String EXPOSED_HEADERS = "Idempotent-Replayed, Retry-After, Location, X-Request-ID";

    @Inject
    Inboxes inboxes;

    @Override
    public void filter(ContainerRequestContext request) {
        String origin = request.getHeaderString("Origin");
        if (origin != null
                && "OPTIONS".equals(request.getMethod())
                && request.getHeaderString("Access-Control-Request-Method") != null) {
            Response.ResponseBuilder preflight = Response.noContent();
            if (allowed(origin)) {
                preflight
                        .header("Access-Control-Allow-Origin", origin)
                        .header("Access-Control-Allow-Methods", "GET, POST, PUT, OPTIONS")
                        .header("Access-Control-Allow-Headers", ALLOWED_HEADERS)
                        .header("Access-Control-Max-Age", "600");
            }
            request.abortWith(preflight.header("Vary", "Origin").build());
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        String origin = request.getHeaderString("Origin");
        MultivaluedMap<String, Object> headers = response.getHeaders();
        if (origin != null && !headers.containsKey("Access-Control-Allow-Origin") && allowed(origin)) {
            headers.putSingle("Access-Control-Allow-Origin", origin);
            headers.putSingle("Access-Control-Expose-Headers", EXPOSED_HEADERS);
            headers.add("Vary", "Origin");
        }
    }

    private boolean allowed(String origin) {
        return origin.length() <= 300 && inboxes.anyAllowsOrigin(origin);
    }
}
