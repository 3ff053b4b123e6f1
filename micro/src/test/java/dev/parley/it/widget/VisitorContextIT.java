package dev.parley.it.widget;

import static dev.parley.it.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.it.support.AgentClient;
import dev.parley.it.support.Parley;
import dev.parley.it.support.ParleyServer;
import dev.parley.it.support.Reply;
import dev.parley.it.support.WidgetClient;
import dev.parley.it.support.WidgetClient.Visitor;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The visitor context end to end: what a visitor's widget reports ({@code PUT /chat/api/v1/context}) is what
 * agents read on the conversation ({@code contact.context}) and the contact; broken input is a 4xx problem
 * that stores nothing; a token reaches only its own contact.
 */
@ExtendWith(ParleyServer.class)
class VisitorContextIT {

    static final String BROWSER = "Mozilla/5.0 (X11; Linux x86_64) ParleyIT/1.0";

    static String context(String url, String title, String language, String timeZone) {
        var body = Json.createObjectBuilder().add("url", url);
        if (title != null) {
            body.add("title", title);
        }
        if (language != null) {
            body.add("language", language);
        }
        if (timeZone != null) {
            body.add("timeZone", timeZone);
        }
        return body.build().toString();
    }

    static Reply put(WidgetClient widget, String token, String contentType, String body) {
        return widget.send(widget.request("context", token, Map.of())
                .header("Content-Type", contentType)
                .header("User-Agent", BROWSER)
                .PUT(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    static Reply put(WidgetClient widget, Visitor visitor, String body) {
        return put(widget, visitor.token(), "application/json", body);
    }

    static long started(WidgetClient widget, Visitor visitor) {
        Reply started = widget.start(
                visitor, UUID.randomUUID().toString(), WidgetClient.form("Cora", "cora@example.com", "Where am I?"));
        assertThat(started.status()).as(started.toString()).isEqualTo(201);
        return started.id();
    }

    static List<Object> stored(Parley parley, Visitor visitor) {
        return parley.rows(
                        "select context_url, context_title, context_language, context_time_zone, context_browser,"
                                + " context_updated_at from contact where id = ?",
                        visitor.contactId())
                .get(0);
    }

    @Test
    void whatTheWidgetReportsIsWhatAgentsReadWithoutTheFragment(Parley parley) {
        WidgetClient widget = parley.widget();
        AgentClient agent = parley.agent();
        Visitor visitor = widget.newVisitor();
        long conversationId = started(widget, visitor);

        Reply reported = put(
                widget,
                visitor,
                context(
                        "https://shop.example/cart?step=2#access_token=secret",
                        "Your cart · Shop",
                        "zh-CN",
                        "Asia/Shanghai"));

        assertThat(reported.status()).as(reported.toString()).isEqualTo(200);
        assertThat(reported.json().getString("url")).isEqualTo("https://shop.example/cart?step=2");
        JsonObject shown = agent.get("conversations/" + conversationId)
                .json()
                .getJsonObject("contact")
                .getJsonObject("context");
        assertThat(shown.getString("url")).isEqualTo("https://shop.example/cart?step=2");
        assertThat(shown.getString("title")).isEqualTo("Your cart · Shop");
        assertThat(shown.getString("language")).isEqualTo("zh-CN");
        assertThat(shown.getString("timeZone")).isEqualTo("Asia/Shanghai");
        assertThat(shown.getString("browser")).isEqualTo(BROWSER);
        assertThat(shown.getString("updatedAt")).isEqualTo(reported.json().getString("updatedAt"));
        assertThat(agent.get("conversations?contactId=" + visitor.contactId())
                        .array()
                        .getJsonObject(0)
                        .getJsonObject("contact")
                        .getJsonObject("context")
                        .getString("url"))
                .as("in lists too")
                .isEqualTo("https://shop.example/cart?step=2");
        Reply byContact = agent.get("contacts/" + visitor.contactId() + "/context");
        assertThat(byContact.status()).isEqualTo(200);
        assertThat(byContact.json()).isEqualTo(shown);
    }

    @Test
    void theSameContextAgainWritesNothingAndANewPageReplacesIt(Parley parley) {
        WidgetClient widget = parley.widget();
        Visitor visitor = widget.newVisitor();
        String cart = context("https://shop.example/cart", "Cart", "en-GB", "Europe/London");

        Reply first = put(widget, visitor, cart);
        Reply again = put(widget, visitor, cart);
        Reply next = put(widget, visitor, context("https://shop.example/checkout", null, "en-GB", "Europe/London"));

        assertThat(again.json().getString("updatedAt"))
                .as("unchanged")
                .isEqualTo(first.json().getString("updatedAt"));
        assertThat(next.json().getString("url")).isEqualTo("https://shop.example/checkout");
        assertThat(next.json().containsKey("title"))
                .as("a page without a title")
                .isFalse();
        assertThat(stored(parley, visitor).subList(0, 2)).containsExactly("https://shop.example/checkout", null);
    }

    @Test
    void aVisitorWhoNeverReportedHasNoContext(Parley parley) {
        WidgetClient widget = parley.widget();
        Visitor visitor = widget.newVisitor();
        long conversationId = started(widget, visitor);

        JsonObject contact =
                parley.agent().get("conversations/" + conversationId).json().getJsonObject("contact");
        assertThat(contact.containsKey("context")).isFalse();
        assertThat(parley.agent()
                        .get("contacts/" + visitor.contactId() + "/context")
                        .status())
                .isEqualTo(204);
        assertProblem(parley.agent().get("contacts/999999999/context"), 404, "urn:parley:problem:not-found");
    }

    @Test
    void badInputIsA4xxProblemAndStoresNothing(Parley parley) {
        WidgetClient widget = parley.widget();
        Visitor visitor = widget.newVisitor();
        assertThat(put(widget, visitor, context("https://shop.example/", "Home", "en", "UTC"))
                        .status())
                .isEqualTo(200);
        List<Object> before = stored(parley, visitor);
        String invalid = "urn:parley:problem:invalid-request";
        String badRequest = "urn:parley:problem:bad-request";

        Map<String, String> refusedFields = Map.of(
                context("javascript:alert(document.cookie)", "Home", "en", "UTC"),
                invalid,
                context("https://user:secret@shop.example/", "Home", "en", "UTC"),
                invalid,
                context("https://shop.example/" + "x".repeat(2048), "Home", "en", "UTC"),
                invalid,
                context("https://shop.example/", "t".repeat(301), "en", "UTC"),
                invalid,
                context("https://shop.example/", "Home", "en", "Mars/Olympus_Mons"),
                invalid,
                context("https://shop.example/", "Home", "not a language", "UTC"),
                invalid,
                "{\"url\":\"https://shop.example/\",\"title\":42}",
                invalid,
                "{\"url\":\"https://shop.example/\",\"referrer\":\"https://evil.example/\"}",
                invalid,
                "{\"title\":\"Home\"}",
                invalid,
                "{\"url\":\"https://shop.example/\"",
                badRequest);
        refusedFields.forEach((body, type) -> assertProblem(put(widget, visitor, body), 400, type));
        assertProblem(
                put(widget, visitor.token(), "text/plain", context("https://shop.example/", null, null, null)),
                415,
                "about:blank");
        assertProblem(
                put(widget, null, "application/json", context("https://shop.example/", null, null, null)),
                401,
                "urn:parley:problem:unauthorized");

        assertThat(stored(parley, visitor)).isEqualTo(before);
    }

    @Test
    void aTokenSetsOnlyItsOwnContactsContext(Parley parley) {
        WidgetClient widget = parley.widget();
        Visitor mine = widget.newVisitor();
        Visitor other = widget.newVisitor();
        put(widget, mine, context("https://shop.example/mine", "Mine", "en", "UTC"));
        List<Object> before = stored(parley, mine);

        Reply others = put(widget, other, context("https://shop.example/theirs", "Theirs", "fr", "Europe/Paris"));

        assertThat(others.status()).isEqualTo(200);
        assertThat(stored(parley, mine)).isEqualTo(before);
        assertThat(stored(parley, other).get(0)).isEqualTo("https://shop.example/theirs");
        assertProblem(
                put(
                        widget,
                        "not-a-token-" + mine.token(),
                        "application/json",
                        context("https://x.example/", null, null, null)),
                401,
                "urn:parley:problem:unauthorized");
        assertThat(stored(parley, mine)).isEqualTo(before);
    }
}
