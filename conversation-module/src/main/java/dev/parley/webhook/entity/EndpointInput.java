package dev.parley.webhook.entity;

import dev.parley.problem.entity.FieldError;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The rule for what an endpoint may be, before any address is looked up: an absolute http(s) URL of at most
 * {@link #URL_LIMIT} characters with a host, no user info and no fragment, and a non-empty list of known event
 * names (each once). Whether its host is a private address is {@code WebhookTargets}'s question.
 */
public record EndpointInput(String url, List<String> events) {

    public static final int URL_LIMIT = 2048;

    public List<FieldError> violations() {
        List<FieldError> errors = new ArrayList<>();
        if (url == null || url.isBlank()) {
            errors.add(new FieldError("url", "is required: an http or https URL"));
        } else if (url.length() > URL_LIMIT) {
            errors.add(new FieldError("url", "must be at most " + URL_LIMIT + " characters"));
        } else {
            String problem = urlProblem(url);
            if (problem != null) {
                errors.add(new FieldError("url", problem));
            }
        }
        if (events == null || events.isEmpty()) {
            errors.add(new FieldError("events", "must be a non-empty array of event names"));
        } else {
            Set<String> seen = new LinkedHashSet<>();
            for (String name : events) {
                if (name == null || WebhookEventType.of(name).isEmpty()) {
                    errors.add(new FieldError("events", "has an unknown event name; known: " + known()));
                    break;
                }
                if (!seen.add(name)) {
                    errors.add(new FieldError("events", "names " + name + " twice"));
                    break;
                }
            }
        }
        return errors;
    }

    /** The events as types, in the given order; call after {@link #violations} found none. */
    public List<WebhookEventType> types() {
        return events.stream()
                .map(name -> WebhookEventType.of(name).orElseThrow())
                .toList();
    }

    private static String urlProblem(String url) {
        if (url.chars().anyMatch(c -> c <= ' ' || c >= 0x7f)) {
            return "must be a URL without spaces, control or non-ASCII characters";
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return "is not a valid URL";
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return "must be an http or https URL";
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            return "must name a host";
        }
        if (uri.getRawUserInfo() != null) {
            return "must not carry a user name or password";
        }
        if (uri.getRawFragment() != null) {
            return "must not have a fragment";
        }
        return null;
    }

    private static String known() {
        return String.join(
                ", ",
                java.util.Arrays.stream(WebhookEventType.values())
                        .map(WebhookEventType::wireName)
                        .toList());
    }
}
