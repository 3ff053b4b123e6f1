package dev.parley.it.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.it.support.Parley;
import dev.parley.it.support.ParleyServer;
import dev.parley.it.support.Reply;
import dev.parley.it.support.WidgetClient;
import dev.parley.it.support.WidgetClient.Visitor;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Everything a client can send wrong gets a clear 4xx problem+json, names the offending field
 * where there is one, and changes nothing in the database.
 */
@ExtendWith(ParleyServer.class)
class BadInputIT {

    static Visitor visitor;
    static long conversationId;

    @BeforeAll
    static void aVisitorWithAConversation(Parley parley) {
        WidgetClient widget = parley.widget();
        visitor = widget.newVisitor();
        conversationId = widget.start(visitor, "setup", WidgetClient.form("Ann", "ann@example.com", "Hello"))
                .id();
    }

    /** A request built against the API base for the visitor of this class. */
    interface Call extends BiFunction<WidgetClient, Visitor, HttpRequest> {}

    static Arguments bad(String name, int status, String type, String field, Call call) {
        return Arguments.of(name, status, type, field, call);
    }

    static Call start(String body) {
        return (w, v) -> w.request("conversations", v.token(), Map.of("Idempotency-Key", "bad-" + body.hashCode()))
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(body))
                .build();
    }

    static Call startWith(Map<String, String> headers, String token, byte[] body) {
        return (w, v) -> w.request("conversations", token == null ? null : token.replace("$valid", v.token()), headers)
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofByteArray(body))
                .build();
    }

    static Call post(String path, String body) {
        return (w, v) -> w.request(path.replace("$id", String.valueOf(conversationId)), v.token(), Map.of())
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(body))
                .build();
    }

    static Call get(String path, String token) {
        return (w, v) -> w.request(
                        path.replace("$id", String.valueOf(conversationId)),
                        token == null ? null : token.replace("$valid", v.token()),
                        Map.of())
                .GET()
                .build();
    }

    static String form(String name, String email, String message) {
        return WidgetClient.form(name, email, message);
    }

    static final String VALID = form("Ann", "ann@example.com", "Hello");

    static Stream<Arguments> badRequests() {
        byte[] valid = VALID.getBytes(StandardCharsets.UTF_8);
        byte[] notUtf8 = "{\"name\":\"A\u00ffnn\",\"email\":\"ann@example.com\",\"message\":\"Hi\"}"
                .getBytes(StandardCharsets.ISO_8859_1);
        return Stream.of(
                bad("malformed JSON", 400, "bad-request", null, start("{\"name\":\"Ann\"")),
                bad("JSON array", 400, "bad-request", null, start("[1,2]")),
                bad("empty body", 400, "bad-request", null, start("")),
                bad(
                        "name is a number",
                        400,
                        "invalid-request",
                        "name",
                        start("{\"name\":1,\"email\":\"ann@example.com\",\"message\":\"Hi\"}")),
                bad(
                        "message is an object",
                        400,
                        "invalid-request",
                        "message",
                        start("{\"name\":\"Ann\",\"email\":\"ann@example.com\",\"message\":{}}")),
                bad("missing email", 400, "invalid-request", "email", start("{\"name\":\"Ann\",\"message\":\"Hi\"}")),
                bad("invalid email", 400, "invalid-request", "email", start(form("Ann", "ann.example.com", "Hi"))),
                bad("blank name", 400, "invalid-request", "name", start(form("  ", "ann@example.com", "Hi"))),
                bad("empty message", 400, "invalid-request", "message", start(form("Ann", "ann@example.com", ""))),
                bad(
                        "oversized message",
                        400,
                        "invalid-request",
                        "message",
                        start(form("Ann", "ann@example.com", "x".repeat(10_001)))),
                bad(
                        "oversized name",
                        400,
                        "invalid-request",
                        "name",
                        start(form("N".repeat(201), "ann@example.com", "Hi"))),
                bad(
                        "control characters in name",
                        400,
                        "invalid-request",
                        "name",
                        start(form("Ann\u0000\u0007", "ann@example.com", "Hi"))),
                bad(
                        "body over 64 KiB",
                        413,
                        "about:blank",
                        null,
                        start(form("Ann", "ann@example.com", "x".repeat(70_000)))),
                bad(
                        "invalid UTF-8",
                        400,
                        "bad-request",
                        null,
                        startWith(Map.of("Idempotency-Key", "utf"), "$valid", notUtf8)),
                bad(
                        "no Idempotency-Key",
                        400,
                        "invalid-request",
                        "Idempotency-Key",
                        startWith(Map.of(), "$valid", valid)),
                bad(
                        "Idempotency-Key too long",
                        400,
                        "invalid-request",
                        "Idempotency-Key",
                        startWith(Map.of("Idempotency-Key", "k".repeat(256)), "$valid", valid)),
                bad(
                        "blank Idempotency-Key",
                        400,
                        "invalid-request",
                        "Idempotency-Key",
                        startWith(Map.of("Idempotency-Key", " "), "$valid", valid)),
                bad(
                        "no contact token",
                        401,
                        "unauthorized",
                        null,
                        startWith(Map.of("Idempotency-Key", "k"), null, valid)),
                bad(
                        "forged contact token",
                        401,
                        "unauthorized",
                        null,
                        startWith(Map.of("Idempotency-Key", "k"), "A".repeat(43), valid)),
                bad(
                        "garbage contact token",
                        401,
                        "unauthorized",
                        null,
                        startWith(Map.of("Idempotency-Key", "k"), "'; drop table contact; --", valid)),
                bad(
                        "wrong content type",
                        415,
                        "about:blank",
                        null,
                        (w, v) -> w.request("conversations", v.token(), Map.of("Idempotency-Key", "ct"))
                                .header("Content-Type", "text/plain")
                                .POST(BodyPublishers.ofString(VALID))
                                .build()),
                bad(
                        "unknown website token",
                        404,
                        "not-found",
                        null,
                        (w, v) -> w.request("session", null, Map.of())
                                .header("Content-Type", "application/json")
                                .POST(BodyPublishers.ofString("{\"websiteToken\":\"nope\"}"))
                                .build()),
                bad(
                        "missing website token",
                        400,
                        "invalid-request",
                        "websiteToken",
                        (w, v) -> w.request("session", null, Map.of())
                                .header("Content-Type", "application/json")
                                .POST(BodyPublishers.ofString("{}"))
                                .build()),
                bad(
                        "session with a forged token",
                        401,
                        "unauthorized",
                        null,
                        (w, v) -> w.request("session", "B".repeat(43), Map.of())
                                .header("Content-Type", "application/json")
                                .POST(BodyPublishers.ofString(
                                        "{\"websiteToken\":\"" + ParleyServer.WEBSITE_TOKEN + "\"}"))
                                .build()),
                bad("unknown path", 404, "about:blank", null, get("nothing/here", "$valid")),
                bad("path tricks", 404, "about:blank", null, get("conversations/..%2F..%2Fetc/passwd", "$valid")),
                bad(
                        "wrong method",
                        405,
                        "about:blank",
                        null,
                        (w, v) -> w.request("conversations/current", v.token(), Map.of())
                                .DELETE()
                                .build()),
                bad("non-numeric conversation id", 404, "not-found", null, get("conversations/abc/messages", "$valid")),
                bad("negative conversation id", 404, "not-found", null, get("conversations/-1/messages", "$valid")),
                bad(
                        "non-numeric after",
                        400,
                        "invalid-request",
                        "after",
                        get("conversations/$id/messages?after=x", "$valid")),
                bad(
                        "empty message content",
                        400,
                        "invalid-request",
                        "content",
                        post("conversations/$id/messages", "{\"content\":\"\"}")),
                bad(
                        "content is a number",
                        400,
                        "invalid-request",
                        "content",
                        post("conversations/$id/messages", "{\"content\":5}")),
                bad(
                        "oversized echo id",
                        400,
                        "invalid-request",
                        "echoId",
                        post(
                                "conversations/$id/messages",
                                "{\"content\":\"hi\",\"echoId\":\"" + "e".repeat(101) + "\"}")),
                bad("messages without a token", 401, "unauthorized", null, get("conversations/$id/messages", null)));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("badRequests")
    void isRefusedWithAProblemAndChangesNothing(
            String name, int status, String type, String field, Call call, Parley parley) {
        WidgetClient widget = parley.widget();
        Map<String, Long> before = parley.snapshot();

        Reply reply = widget.send(call.apply(widget, visitor));

        assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
        assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
        JsonObject problem = Json.createReader(new StringReader(reply.body())).readObject();
        assertThat(problem.getInt("status")).isEqualTo(status);
        assertThat(problem.getString("type"))
                .isEqualTo(type.equals("about:blank") ? type : "urn:parley:problem:" + type);
        if (field != null) {
            assertThat(problem.getJsonArray("errors").getValuesAs(JsonObject.class))
                    .extracting(error -> error.getString("field"))
                    .contains(field);
        }
        assertThat(reply.body()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(parley.snapshot()).isEqualTo(before);
    }
}
