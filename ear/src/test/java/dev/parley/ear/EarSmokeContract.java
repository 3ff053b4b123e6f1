package dev.parley.ear;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What "the EAR deploys and answers a start request" means, black box over HTTP/1.1: the widget
 * script, a visitor session, an idempotent conversation start, a rejected bad body, and the console.
 * Each server's test class names its server; the contract boots it once for the class and stops it after.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class EarSmokeContract {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private ManagedServer server;

    /** The server under test, not yet started. */
    abstract ManagedServer newServer();

    @BeforeAll
    void start() {
        server = newServer().start();
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    URI base() {
        return server.baseUri();
    }

    @Test
    void servesTheWidgetScript() throws Exception {
        HttpResponse<String> script =
                send(HttpRequest.newBuilder(base().resolve("/chat/sdk.js")).GET());

        assertThat(script.statusCode()).as(brief(script)).isEqualTo(200);
        assertThat(script.body()).isNotBlank();
    }

    @Test
    void startsAConversationExactlyOnce() throws Exception {
        HttpResponse<String> session = post(
                "/chat/api/v1/session",
                null,
                null,
                Json.createObjectBuilder()
                        .add("websiteToken", ManagedServer.WEBSITE_TOKEN)
                        .build()
                        .toString());
        assertThat(session.statusCode()).as(brief(session)).isEqualTo(201);
        String contactToken = json(session).getString("contactToken");
        assertThat(contactToken).isNotBlank();

        String form = "{\"name\":\"Ann\",\"email\":\"ann@example.com\",\"message\":\"Hello\"}";
        HttpResponse<String> first = post("/chat/api/v1/conversations", contactToken, "k1", form);
        assertThat(first.statusCode()).as(brief(first)).isEqualTo(201);
        assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();
        long id = json(first).getJsonNumber("id").longValueExact();

        HttpResponse<String> again = post("/chat/api/v1/conversations", contactToken, "k1", form);
        assertThat(again.statusCode()).as(brief(again)).isEqualTo(201);
        assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(json(again).getJsonNumber("id").longValueExact()).isEqualTo(id);

        HttpResponse<String> bad = post("/chat/api/v1/conversations", contactToken, "k2", "{\"name\":");
        assertThat(bad.statusCode()).as(brief(bad)).isEqualTo(400);
        assertThat(bad.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    }

    @Test
    void consoleAnswers() throws Exception {
        HttpResponse<String> console = send(
                HttpRequest.newBuilder(base().resolve("/admin/index.xhtml")).GET());

        assertThat(console.statusCode()).as(brief(console)).isLessThan(500);
    }

    /** Jakarta Security with the agent table as identity store: the first admin (PARLEY_ADMIN_PASSWORD) gets in. */
    @Test
    void agentApiLetsTheAdminIn() throws Exception {
        URI conversations = base().resolve("/admin/api/v1/conversations");
        HttpResponse<String> anonymous =
                send(HttpRequest.newBuilder(conversations).GET());
        assertThat(anonymous.statusCode()).as(brief(anonymous)).isEqualTo(401);

        String basic = Base64.getEncoder()
                .encodeToString(("admin:" + ManagedServer.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> admin = send(HttpRequest.newBuilder(conversations)
                .header("Authorization", "Basic " + basic)
                .header("Accept", "application/json")
                .GET());
        assertThat(admin.statusCode()).as(brief(admin)).isEqualTo(200);
    }

    /**
     * The outbox, the delivery worker, its posting threads (the server's default managed thread factory) and the
     * HTTP client library, as the server loads them: a start's {@code conversation.created} reaches a receiver on
     * loopback (the smoke servers allow private targets), signed with the endpoint's secret.
     */
    @Test
    void deliversAWebhook() throws Exception {
        BlockingQueue<String[]> received = new LinkedBlockingQueue<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            var headers = exchange.getRequestHeaders();
            received.add(new String[] {
                headers.getFirst("webhook-id"),
                headers.getFirst("webhook-timestamp"),
                headers.getFirst("webhook-signature"),
                body
            });
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        String basic = "Basic "
                + Base64.getEncoder()
                        .encodeToString(("admin:" + ManagedServer.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
        try {
            HttpResponse<String> endpoint = send(HttpRequest.newBuilder(base().resolve("/admin/api/v1/webhooks"))
                    .header("Authorization", basic)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Json.createObjectBuilder()
                            .add(
                                    "url",
                                    "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook")
                            .add("events", Json.createArrayBuilder().add("conversation.created"))
                            .build()
                            .toString())));
            assertThat(endpoint.statusCode()).as(brief(endpoint)).isEqualTo(201);
            String secret = json(endpoint).getString("secret");
            String contactToken = json(post(
                            "/chat/api/v1/session",
                            null,
                            null,
                            "{\"websiteToken\":\"" + ManagedServer.WEBSITE_TOKEN + "\"}"))
                    .getString("contactToken");
            HttpResponse<String> started = post(
                    "/chat/api/v1/conversations",
                    contactToken,
                    "hook-1",
                    "{\"name\":\"Hal\",\"email\":\"hal@example.com\",\"message\":\"Hi\"}");
            assertThat(started.statusCode()).as(brief(started)).isEqualTo(201);

            String[] event = received.poll(60, TimeUnit.SECONDS);

            assertThat(event)
                    .as("conversation.created delivered within a minute")
                    .isNotNull();
            JsonObject body = Json.createReader(new StringReader(event[3])).readObject();
            assertThat(body.getString("type")).isEqualTo("conversation.created");
            assertThat(body.getJsonObject("data")
                            .getJsonObject("conversation")
                            .getJsonNumber("id")
                            .longValueExact())
                    .isEqualTo(json(started).getJsonNumber("id").longValueExact());
            assertThat(event[2]).isEqualTo(signature(secret, event[0] + "." + event[1] + "." + event[3]));
        } finally {
            receiver.stop(0);
        }
    }

    /** Standard Webhooks' {@code v1} signature, as a receiver computes it from the secret it was shown. */
    private static String signature(String secret, String signed) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
    }

    private HttpResponse<String> post(String path, String contactToken, String idempotencyKey, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base().resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contactToken != null) {
            request.header("Authorization", "Bearer " + contactToken);
        }
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return send(request);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The start of an answer, for assertion messages (a server's error page can be long). */
    private static String brief(HttpResponse<String> response) {
        String body = response.body();
        return response.request().method() + " " + response.uri() + " -> " + response.statusCode() + ": "
                + (body.length() > 1500 ? body.substring(0, 1500) + "..." : body);
    }

    private static JsonObject json(HttpResponse<String> response) {
        try (var reader = Json.createReader(new StringReader(response.body()))) {
            return reader.readObject();
        }
    }
}
