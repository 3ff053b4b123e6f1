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
