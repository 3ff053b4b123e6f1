package dev.parley.it.support;

import jakarta.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A plain HTTP client speaking the visitor API, as the widget does. */
public class WidgetClient {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final URI api;

    WidgetClient(URI api) {
        this.api = api;
    }

    public record Visitor(String token, long contactId) {}

    public Visitor newVisitor() {
        Reply reply = post(
                "session",
                null,
                Map.of(),
                Json.createObjectBuilder()
                        .add("websiteToken", ParleyServer.WEBSITE_TOKEN)
                        .build()
                        .toString());
        if (reply.status() != 201) {
            throw new IllegalStateException("session: " + reply);
        }
        return new Visitor(
                reply.json().getString("contactToken"),
                reply.json().getJsonNumber("contactId").longValue());
    }

    /**
     * {@code POST /session} as a website that identified its user: {@code identifier} signed with
     * {@code secret} (HMAC-SHA256, lowercase hex), with an optional bearer token (the visitor's device).
     */
    public Reply verifiedSession(String websiteToken, String identifier, String secret, String token) {
        return post(
                "session",
                token,
                Map.of(),
                Json.createObjectBuilder()
                        .add("websiteToken", websiteToken)
                        .add("identifier", identifier)
                        .add("identifierHash", identityHash(secret, identifier))
                        .build()
                        .toString());
    }

    /** A new device of the verified user {@code identifier} of the default inbox. */
    public Visitor verifiedVisitor(String identifier) {
        Reply reply = verifiedSession(ParleyServer.WEBSITE_TOKEN, identifier, ParleyServer.IDENTITY_SECRET, null);
        if (reply.status() != 201 && reply.status() != 200) {
            throw new IllegalStateException("verified session: " + reply);
        }
        return new Visitor(
                reply.json().getString("contactToken"),
                reply.json().getJsonNumber("contactId").longValue());
    }

    /** {@code POST /identify} with the identifier signed by {@code secret}. */
    public Reply identify(Visitor visitor, String identifier, String secret) {
        return post(
                "identify",
                visitor.token(),
                Map.of(),
                Json.createObjectBuilder()
                        .add("identifier", identifier)
                        .add("identifierHash", identityHash(secret, identifier))
                        .build()
                        .toString());
    }

    /** What a website's server computes: {@code hex(HMAC-SHA256(secret, identifier))}, as docs/WIDGET.md shows. */
    public static String identityHash(String secret, String identifier) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(
                    secret.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
            return java.util.HexFormat.of()
                    .formatHex(mac.doFinal(identifier.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String form(String name, String email, String message) {
        return Json.createObjectBuilder()
                .add("name", name)
                .add("email", email)
                .add("message", message)
                .build()
                .toString();
    }

    public Reply start(Visitor visitor, String key, String body) {
        return post("conversations", visitor.token(), key == null ? Map.of() : Map.of("Idempotency-Key", key), body);
    }

    public Reply post(String path, String token, Map<String, String> headers, String body) {
        return post(path, token, headers, body, TIMEOUT);
    }

    /** A POST whose answer must come within {@code timeout}. */
    public Reply post(String path, String token, Map<String, String> headers, String body, Duration timeout) {
        HttpRequest.Builder request = request(path, token, headers)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        return send(request.build());
    }

    public Reply get(String path, String token) {
        return send(request(path, token, Map.of()).GET().build());
    }

    public Reply send(HttpRequest request) {
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpRequest.Builder request(String path, String token, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(api.resolve(path)).timeout(TIMEOUT);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        return request;
    }

    public URI uri(String path) {
        return api.resolve(path);
    }
}
