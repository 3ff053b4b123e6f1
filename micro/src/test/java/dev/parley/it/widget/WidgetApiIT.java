package dev.parley.it.widget;

import static dev.parley.it.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.it.support.Parley;
import dev.parley.it.support.ParleyServer;
import dev.parley.it.support.Reply;
import dev.parley.it.support.WidgetClient;
import dev.parley.it.support.WidgetClient.Visitor;
import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The visitor API's contract: sessions, idempotent starts, reading and writing, and who may see what. */
@ExtendWith(ParleyServer.class)
class WidgetApiIT {

    @Test
    void aSessionTokenIdentifiesTheSameVisitorAgain(Parley parley) {
        WidgetClient widget = parley.widget();
        Visitor visitor = widget.newVisitor();
        assertThat(visitor.token()).hasSize(43);

        Reply again = widget.post(
                "session", visitor.token(), Map.of(), "{\"websiteToken\":\"" + ParleyServer.WEBSITE_TOKEN + "\"}");

        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().getJsonNumber("contactId").longValue()).isEqualTo(visitor.contactId());
        assertThat(parley.count("select count(*) from contact where token_hash = ?", visitor.token()))
                .as("stored hashed")
                .isZero();
    }

    @Test
    void theSameKeyAndBodyReplaysTheStoredAnswer(Parley parley) {
        WidgetClient widget = parley.widget();
        Visitor visitor = widget.newVisitor();
        String form = WidgetClient.form("Ann", "ann@example.com", "Hello");

        Reply first = widget.start(visitor, "key-1", form);
        Reply second = widget.start(visitor, "key-1", form);

        assertThat(first.status()).isEqualTo(201);
        assertThat(first.replayed()).isFalse();
        assertThat(first.header("Location")).endsWith("/chat/api/v1/conversations/" + first.id());
        assertThat(second.status()).isEqualTo(201);
        assertThat(second.replayed()).isTrue();
        assertThat(second.body()).isEqualTo(first.body());
        JsonObject conversation = first.json();
        assertThat(conversation.getString("status")).isEqualTo("OPEN");
        assertThat(conversation.getJsonArray("messages")).hasSize(1);
        assertThat(conversation.getJsonArray("messages").getJsonObject(0).getString("content"))
                .isEqualTo("Hello");
        assertThat(parley.count(
                        "select count(*) from audit_event where contact_id = ? and action = 'conversation.start'"
                                + " and outcome = 'replayed' and request_id = 'key-1'",
                        visitor.contactId()))
                .isEqualTo(1);
    }

    @Test
    void theXRequestIdHeaderWorksAsTheKey(Parley parley) {
        WidgetClient widget = parley.widget();
        Visitor visitor = widget.newVisitor();
        String form = WidgetClient.form("Ann", "ann@example.com", "Hello");

        Reply first = widget.post("conversations", visitor.token(), Map.of("X-Request-ID", "rid-1"), form);
        Reply second = widget.post("conversations", visitor.token(), Map.of("Idempotency-Key", "rid-1"), form);

        assertThat(first.status()).isEqualTo(201);
        assertThat(second.replayed()).isTrue();
        assertThat(second.id()).isEqualTo(first.id());
    }

    @Test
    void theSameKeyWithAnotherBodyIsRefusedAndChangesNothing(Parley parley) {
        WidgetClient widget = parley.widget();
        Visitor visitor = widget.newVisitor();
        widget.start(visitor, "key-1", WidgetClient.form("Ann", "ann@example.com", "Hello"));
        Map<String, Long> before = parley.snapshot();

        Reply reused = widget.start(visitor, "key-1", WidgetClient.form("Ann", "ann@example.com", "Something else"));

        assertProblem(reused, 422, "urn:parley:problem:idempotency-key-reused");
        assertThat(parley.snapshot()).isEqualTo(before);
    }

    @Test
    void keysAreScopedPerVisitor(Parley parley) {
        WidgetClient widget = parley.widget();
        Visitor ann = widget.newVisitor();
        Visitor bob = widget.newVisitor();
        String key = UUID.randomUUID().toString();

        Reply annStart = widget.start(ann, key, WidgetClient.form("Ann", "ann@example.com", "Hello"));
        Reply bobStart = widget.start(bob, key, WidgetClient.form("Bob", "bob@example.com", "Hi"));

        assertThat(bobStart.status()).isEqualTo(201);
        assertThat(bobStart.replayed()).isFalse();
        assertThat(bobStart.id()).isNotEqualTo(annStart.id());
    }

    @Test
    void anotherKeyWhileOpenReturnsTheOpenConversationAndAppendsANewMessageOnce(Parley parley) {
        WidgetClient widget = parley.widget();
        Visitor visitor = widget.newVisitor();
        Reply first = widget.start(visitor, "a", WidgetClient.form("Ann", "ann@example.com", "Hello"));

        Reply repeated = widget.start(visitor, "b", WidgetClient.form("Ann", "ann@example.com", "Hello"));
        Reply followUp = widget.start(visitor, "c", WidgetClient.form("Ann", "ann@example.com", "Anyone there?"));

        assertThat(repeated.status()).isEqualTo(200);
        assertThat(repeated.id()).isEqualTo(first.id());
        assertThat(repeated.json().getJsonArray("messages"))
                .as("a repeat of the last message is not appended")
                .hasSize(1);
        assertThat(followUp.status()).isEqualTo(200);
        assertThat(followUp.json().getJsonArray("messages")).hasSize(2);
    }

    @Test
    void visitorsReadAndWriteTheirConversation(Parley parley) {
        WidgetClient widget = parley.widget();
        Visitor visitor = widget.newVisitor();
        assertThat(widget.get("conversations/current", visitor.token()).status())
                .isEqualTo(404);
        long id = widget.start(visitor, "k", WidgetClient.form("Ann", "ann@example.com", "Hello"))
                .id();
        long firstMessage = widget.get("conversations/current", visitor.token())
                .json()
                .getJsonArray("messages")
                .getJsonObject(0)
                .getJsonNumber("id")
                .longValue();

        Reply posted = widget.post(
                "conversations/" + id + "/messages",
                visitor.token(),
                Map.of(),
                "{\"content\":\"More details\",\"echoId\":\"e-1\"}");
        Reply echoed = widget.post(
                "conversations/" + id + "/messages",
                visitor.token(),
                Map.of(),
                "{\"content\":\"More details\",\"echoId\":\"e-1\"}");
        Reply after = widget.get("conversations/" + id + "/messages?after=" + firstMessage, visitor.token());

        assertThat(posted.status()).isEqualTo(201);
        assertThat(echoed.status()).isEqualTo(200);
        assertThat(echoed.id()).isEqualTo(posted.id());
        assertThat(after.array()).hasSize(1);
        assertThat(after.array().getJsonObject(0).getString("echoId")).isEqualTo("e-1");
        assertThat(widget.get("conversations", visitor.token()).array()).hasSize(1);
        assertThat(widget.get("conversations/current", visitor.token()).id()).isEqualTo(id);
    }

    @Test
    void anotherVisitorsConversationDoesNotExist(Parley parley) {
        WidgetClient widget = parley.widget();
        Visitor ann = widget.newVisitor();
        Visitor mallory = widget.newVisitor();
        long id = widget.start(ann, "k", WidgetClient.form("Ann", "ann@example.com", "Private"))
                .id();
        Map<String, Long> before = parley.snapshot();

        Reply read = widget.get("conversations/" + id + "/messages", mallory.token());
        Reply write =
                widget.post("conversations/" + id + "/messages", mallory.token(), Map.of(), "{\"content\":\"hijack\"}");
        Reply missing = widget.get("conversations/999999999/messages", mallory.token());

        assertProblem(read, 404, "urn:parley:problem:not-found");
        assertProblem(write, 404, "urn:parley:problem:not-found");
        assertThat(missing.body()).isEqualTo(read.body());
        assertThat(widget.get("conversations", mallory.token()).array()).isEmpty();
        assertThat(parley.snapshot()).isEqualTo(before);
    }

    @Test
    void crossOriginRequestsAreAllowedForTheWidget(Parley parley) {
        WidgetClient widget = parley.widget();
        HttpRequest preflight = widget.request(
                        "conversations",
                        null,
                        Map.of(
                                "Origin",
                                "https://shop.example",
                                "Access-Control-Request-Method",
                                "POST",
                                "Access-Control-Request-Headers",
                                "authorization,content-type,idempotency-key"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .build();

        Reply answer = widget.send(preflight);

        assertThat(answer.status()).isBetween(200, 204);
        assertThat(answer.header("Access-Control-Allow-Origin")).isEqualTo("https://shop.example");
        assertThat(answer.header("Access-Control-Allow-Headers"))
                .containsIgnoringCase("Idempotency-Key")
                .containsIgnoringCase("Authorization");
        Reply actual = widget.send(
                widget.request("conversations", widget.newVisitor().token(), Map.of("Origin", "https://shop.example"))
                        .GET()
                        .build());
        assertThat(actual.header("Access-Control-Allow-Origin")).isEqualTo("https://shop.example");
        assertThat(actual.header("Access-Control-Expose-Headers")).contains("Idempotent-Replayed");
    }
}
