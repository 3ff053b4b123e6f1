package dev.parley.bench;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/** The HTTP calls a widget (and an agent) makes, with nothing cached: what the server sees under load. */
public final class Visitors {

    static {
        // the JDK keeps 5 idle connections per server by default: too few for 128 clients, which
        // would then open a connection per request
        if (System.getProperty("http.maxConnections") == null) {
            System.setProperty("http.maxConnections", "512");
        }
    }

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private final URI base;
    private final String websiteToken;

    public Visitors(URI base, String websiteToken) {
        this.base = base;
        this.websiteToken = websiteToken;
    }

    public record Visitor(String token, long contactId) {}

    public record Answer(int status, String body, boolean replayed) {

        public JsonObject json() {
            return Json.createReader(new StringReader(body)).readObject();
        }

        public long id() {
            return json().getJsonNumber("id").longValue();
        }
    }

    public Visitor newVisitor() throws IOException, InterruptedException {
        Answer answer = post("chat/api/v1/session", null, null, "{\"websiteToken\":\"" + websiteToken + "\"}");
        if (answer.status() != 201) {
            throw new IOException("session: " + answer.status() + " " + answer.body());
        }
        JsonObject json = answer.json();
        return new Visitor(
                json.getString("contactToken"), json.getJsonNumber("contactId").longValue());
    }

    public Answer start(Visitor visitor, String key, String message) throws IOException, InterruptedException {
        String body = Json.createObjectBuilder()
                .add("name", "Visitor " + visitor.contactId())
                .add("email", "v" + visitor.contactId() + "@example.com")
                .add("message", message)
                .build()
                .toString();
        return post("chat/api/v1/conversations", "Bearer " + visitor.token(), key, body);
    }

    public Answer send(Visitor visitor, long conversationId, String content) throws IOException, InterruptedException {
        return post(
                "chat/api/v1/conversations/" + conversationId + "/messages",
                "Bearer " + visitor.token(),
                null,
                Json.createObjectBuilder().add("content", content).build().toString());
    }

    public Answer reply(String user, String password, long conversationId, String content)
            throws IOException, InterruptedException {
        return reply(basic(user, password), conversationId, content);
    }

    /** An agent reply with a ready {@code Authorization} value: {@link #agentToken} or {@link #basic}. */
    public Answer reply(String authorization, long conversationId, String content)
            throws IOException, InterruptedException {
        return post(
                "admin/api/v1/conversations/" + conversationId + "/messages",
                authorization,
                null,
                Json.createObjectBuilder().add("content", content).build().toString());
    }

    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** A new agent account (admins only): {@code POST /admin/api/v1/agents}; its id. */
    public long createAgent(String authorization, String username, String password) throws IOException {
        Answer created = post(
                "admin/api/v1/agents",
                authorization,
                null,
                Json.createObjectBuilder()
                        .add("username", username)
                        .add("displayName", username)
                        .add("password", password)
                        .add("role", "AGENT")
                        .build()
                        .toString());
        if (created.status() != 201) {
            throw new IOException("POST /admin/api/v1/agents -> " + created.status() + " " + created.body());
        }
        return created.id();
    }

    /** A webhook endpoint subscribed to {@code events} (admins only): {@code POST /admin/api/v1/webhooks}; its id. */
    public long createWebhook(String authorization, String url, List<String> events) throws IOException {
        JsonArrayBuilder names = Json.createArrayBuilder();
        events.forEach(names::add);
        Answer created = post(
                "admin/api/v1/webhooks",
                authorization,
                null,
                Json.createObjectBuilder()
                        .add("url", url)
                        .add("events", names)
                        .build()
                        .toString());
        if (created.status() != 201) {
            throw new IOException("POST /admin/api/v1/webhooks -> " + created.status() + " " + created.body());
        }
        return created.id();
    }

    /** The server's {@code parley_webhook_deliveries_total} series (loopback may read /metrics), by outcome. */
    public java.util.Map<String, Double> webhookAttempts() throws IOException {
        HttpURLConnection connection = (HttpURLConnection)
                base.resolve("metrics?scope=application").toURL().openConnection();
        java.util.Map<String, Double> attempts = new java.util.TreeMap<>();
        try (var in = connection.getInputStream()) {
            for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
                var series = java.util.regex.Pattern.compile(
                                "^parley_webhook_deliveries_total\\{.*outcome=\"(\\w+)\".*\\} (\\S+)$")
                        .matcher(line);
                if (series.matches()) {
                    attempts.merge(series.group(1), Double.parseDouble(series.group(2)), Double::sum);
                }
            }
        }
        return attempts;
    }

    /** Enables or disables a webhook endpoint (its URL and events unchanged). */
    public void enableWebhook(String authorization, long id, String url, List<String> events, boolean enabled)
            throws IOException {
        JsonArrayBuilder names = Json.createArrayBuilder();
        events.forEach(names::add);
        byte[] body = Json.createObjectBuilder()
                .add("url", url)
                .add("events", names)
                .add("enabled", enabled)
                .build()
                .toString()
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        HttpURLConnection connection = (HttpURLConnection)
                base.resolve("admin/api/v1/webhooks/" + id).toURL().openConnection();
        connection.setRequestMethod("PUT");
        connection.setRequestProperty("Authorization", authorization);
        connection.setRequestProperty("Content-Type", "application/json");
        connection.setDoOutput(true);
        try (var out = connection.getOutputStream()) {
            out.write(body);
        }
        if (connection.getResponseCode() != 200) {
            throw new IOException("PUT /admin/api/v1/webhooks/" + id + " -> " + connection.getResponseCode());
        }
    }

    /** Deletes a webhook endpoint and its deliveries. */
    public void deleteWebhook(String authorization, long id) throws IOException {
        HttpURLConnection connection = (HttpURLConnection)
                base.resolve("admin/api/v1/webhooks/" + id).toURL().openConnection();
        connection.setRequestMethod("DELETE");
        connection.setRequestProperty("Authorization", authorization);
        if (connection.getResponseCode() != 204) {
            throw new IOException("DELETE /admin/api/v1/webhooks/" + id + " -> " + connection.getResponseCode());
        }
    }

    /**
     * {@code Bearer <token>} for a new personal access token of the agent (one Basic request): how an
     * integration calls the agent API, without a 600,000-iteration PBKDF2 per request.
     */
    public String agentToken(String user, String password, String name) throws IOException {
        Answer created = post(
                "admin/api/v1/tokens",
                basic(user, password),
                null,
                Json.createObjectBuilder().add("name", name).build().toString());
        if (created.status() != 201) {
            throw new IOException("POST /admin/api/v1/tokens -> " + created.status() + " " + created.body());
        }
        try (var reader = Json.createReader(new java.io.StringReader(created.body()))) {
            return "Bearer " + reader.readObject().getString("token");
        }
    }

    /**
     * Through the JDK's blocking {@code HttpURLConnection} (kept-alive connections): the load generator
     * shares the cores with the server, and {@code HttpClient}'s asynchronous machinery cost it about
     * twice the CPU per request (docs/BENCHMARKS.md). The body goes out with the headers in one write.
     */
    private Answer post(String path, String authorization, String idempotencyKey, String json) throws IOException {
        HttpURLConnection connection =
                (HttpURLConnection) base.resolve(path).toURL().openConnection();
        connection.setConnectTimeout(10_000);
        connection.setReadTimeout(60_000);
        connection.setRequestMethod("POST");
        connection.setDoOutput(true);
        connection.setRequestProperty("Content-Type", "application/json");
        if (authorization != null) {
            connection.setRequestProperty("Authorization", authorization);
        }
        if (idempotencyKey != null) {
            connection.setRequestProperty("Idempotency-Key", idempotencyKey);
        }
        try (OutputStream out = connection.getOutputStream()) {
            out.write(json.getBytes(StandardCharsets.UTF_8));
        }
        int status = connection.getResponseCode();
        String body;
        try (InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
            body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        return new Answer(status, body, connection.getHeaderField("Idempotent-Replayed") != null);
    }

    // --- Raw exchanges for the fault drills (dev.parley.bench.drill): the whole response, headers
    // included (Retry-After, Idempotent-Replayed), with a per-request timeout; nothing is retried here.

    /** {@code POST session} for a new visitor, as the widget sends it. */
    public HttpResponse<String> sessionExchange(Duration timeout) throws IOException, InterruptedException {
        return exchange("chat/api/v1/session", null, null, "{\"websiteToken\":\"" + websiteToken + "\"}", timeout);
    }

    /** The same start request as {@link #start}, byte for byte (so a retry has the same fingerprint). */
    public HttpResponse<String> startExchange(Visitor visitor, String key, String message, Duration timeout)
            throws IOException, InterruptedException {
        String body = Json.createObjectBuilder()
                .add("name", "Visitor " + visitor.contactId())
                .add("email", "v" + visitor.contactId() + "@example.com")
                .add("message", message)
                .build()
                .toString();
        return exchange("chat/api/v1/conversations", "Bearer " + visitor.token(), key, body, timeout);
    }

    /** A visitor message with the widget's {@code echoId}, which makes a retry store it once. */
    public HttpResponse<String> sendExchange(
            Visitor visitor, long conversationId, String content, String echoId, Duration timeout)
            throws IOException, InterruptedException {
        return exchange(
                "chat/api/v1/conversations/" + conversationId + "/messages",
                "Bearer " + visitor.token(),
                null,
                Json.createObjectBuilder()
                        .add("content", content)
                        .add("echoId", echoId)
                        .build()
                        .toString(),
                timeout);
    }

    private HttpResponse<String> exchange(
            String path, String authorization, String idempotencyKey, String json, Duration timeout)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public URI base() {
        return base;
    }
}
