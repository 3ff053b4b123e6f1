package dev.parley.it.agent;

import static dev.parley.it.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.it.support.AgentClient;
import dev.parley.it.support.Parley;
import dev.parley.it.support.ParleyServer;
import dev.parley.it.support.Reply;
import dev.parley.it.support.WidgetClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code /admin/api/v1/canned-responses}: admins create, change and delete an inbox's saved replies,
 * every agent lists, searches and renders them for a conversation with the visitor's name filled in; a
 * short code is unique per inbox (409); bad input is a 400 problem that writes nothing; no login is a
 * 401 and an agent that is not an admin gets a 403 for every change, audited.
 */
@ExtendWith(ParleyServer.class)
class CannedResponsesApiIT {

    static final String PASSWORD = "agent-password-123";

    @Test
    void anAdminCreatesReadsChangesAndDeletesACannedResponse(Parley parley) {
        AgentClient admin = parley.agent();
        String code = code("crud");

        Reply created = admin.post("canned-responses", body(code, "Greeting", "Hello {{visitor.name}}!"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        long id = created.id();
        assertThat(created.header("Location")).endsWith("/admin/api/v1/canned-responses/" + id);
        assertThat(created.json().getString("shortCode")).isEqualTo(code);
        assertThat(created.json().getString("content")).isEqualTo("Hello {{visitor.name}}!");
        assertThat(created.json().getString("createdBy")).isEqualTo(ParleyServer.ADMIN_USER);
        assertThat(created.json().getJsonNumber("inboxId").longValue()).isEqualTo(defaultInbox(parley));

        Reply read = admin.get(URI.create(created.header("Location")).getPath().replaceFirst("^/admin/api/v1/", ""));
        assertThat(read.status()).as(read.toString()).isEqualTo(200);
        assertThat(read.json().getString("title")).isEqualTo("Greeting");

        Reply changed =
                admin.put("canned-responses/" + id, body(code + "-2", "  Welcome  ", "Welcome!\nHow can I help?"));
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        assertThat(changed.json().getString("shortCode")).isEqualTo(code + "-2");
        assertThat(changed.json().getString("title")).isEqualTo("Welcome");
        assertThat(admin.get("canned-responses/" + id).json().getString("content"))
                .isEqualTo("Welcome!\nHow can I help?");
        assertThat(codes(admin.get("canned-responses?q=" + code))).containsExactly(code + "-2");

        Reply deleted = admin.delete("canned-responses/" + id);
        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);
        assertProblem(admin.get("canned-responses/" + id), 404, "urn:parley:problem:not-found");
        assertProblem(admin.delete("canned-responses/" + id), 404, "urn:parley:problem:not-found");
        assertProblem(admin.put("canned-responses/" + id, body(code, "t", "c")), 404, "urn:parley:problem:not-found");
        assertThat(parley.rows(
                        "select action, outcome from audit_event where action like 'canned.%' and detail like ?"
                                + " order by id",
                        "%/" + code + "%"))
                .containsExactly(
                        List.of("canned.create", "created"),
                        List.of("canned.update", "changed"),
                        List.of("canned.delete", "deleted"));
    }

    @Test
    void aSearchFindsACodePrefixOrWordsOfTheTitleOrTextInCodeOrder(Parley parley) {
        AgentClient admin = parley.agent();
        String prefix = code("find");
        create(admin, prefix + "-b", "Opening hours", "We are open 9-17, {{visitor.firstName}}.");
        create(admin, prefix + "-a", "Refunds", "Refunds take FIVE days.");
        create(admin, prefix + "-c", "Shipping", "100% free shipping_today");

        assertThat(codes(admin.get("canned-responses?q=" + prefix)))
                .containsExactly(prefix + "-a", prefix + "-b", prefix + "-c");
        assertThat(codes(admin.get("canned-responses?q=" + prefix + "-a"))).containsExactly(prefix + "-a");
        assertThat(codes(admin.get("canned-responses"))).contains(prefix + "-a", prefix + "-b", prefix + "-c");
        assertThat(codes(admin.get("canned-responses?q=OPENING%20hours"))).contains(prefix + "-b");
        assertThat(codes(admin.get("canned-responses?q=five%20days"))).contains(prefix + "-a");
        assertThat(codes(admin.get("canned-responses?q=100%25%20free"))).contains(prefix + "-c");
        assertThat(codes(admin.get("canned-responses?q=" + prefix.substring(2))))
                .as("a code matches from its start only")
                .doesNotContain(prefix + "-a");
        assertThat(codes(admin.get("canned-responses?q=100_%20free")))
                .as("% and _ are literal")
                .isEmpty();
        assertThat(codes(admin.get("canned-responses?q=" + prefix + "&inboxId=" + defaultInbox(parley))))
                .hasSize(3);
    }

    @Test
    void aRenderFillsInTheVisitorOfARealConversationAndTheCallingAgent(Parley parley) {
        WidgetClient widget = parley.widget();
        long conversation = widget.start(
                        widget.newVisitor(),
                        "canned",
                        WidgetClient.form("Ann Marie Smith", "ann.canned@example.com", "Where is my parcel?"))
                .id();
        AgentClient admin = parley.agent();
        long id = create(
                admin,
                code("render"),
                "Hello",
                "Hi {{visitor.firstName}}, I'm {{agent.name}}. {{ visitor.name }}, {{visitor.email}} <b>");
        String adminName = admin.get("agents/me").json().getString("displayName");

        Reply rendered = admin.get("canned-responses/" + id + "/render?conversation=" + conversation);
        assertThat(rendered.status()).as(rendered.toString()).isEqualTo(200);
        assertThat(rendered.json().getString("content"))
                .isEqualTo("Hi Ann, I'm " + adminName + ". Ann Marie Smith, {{visitor.email}} <b>");

        AgentClient agent = newAgent(parley, "Paula Agent");
        assertThat(agent.get("canned-responses/" + id + "/render?conversation=" + conversation)
                        .json()
                        .getString("content"))
                .startsWith("Hi Ann, I'm Paula Agent.");

        assertProblem(
                admin.get("canned-responses/" + id + "/render?conversation=999999999"),
                404,
                "urn:parley:problem:not-found");
        assertProblem(
                admin.get("canned-responses/999999999/render?conversation=" + conversation),
                404,
                "urn:parley:problem:not-found");
        for (String bad : List.of("", "?conversation=", "?conversation=abc", "?conversation=0", "?conversation=-1")) {
            assertProblem(
                    admin.get("canned-responses/" + id + "/render" + bad), 400, "urn:parley:problem:invalid-request");
        }
        long otherInbox = newInbox(parley);
        Reply foreign = admin.post("canned-responses?inboxId=" + otherInbox, body(code("other"), "Other", "Hi"));
        assertThat(foreign.status()).as(foreign.toString()).isEqualTo(201);
        assertProblem(
                admin.get("canned-responses/" + foreign.id() + "/render?conversation=" + conversation),
                404,
                "urn:parley:problem:not-found");
    }

    @Test
    void aShortCodeIsUniquePerInbox(Parley parley) {
        AgentClient admin = parley.agent();
        String code = code("dup");
        long first = create(admin, code, "First", "One");
        long second = create(admin, code + "-x", "Second", "Two");
        long before = parley.count("select count(*) from canned_response");

        assertProblem(
                admin.post("canned-responses", body(code, "Again", "Again")),
                409,
                "urn:parley:problem:short-code-taken");
        assertProblem(
                admin.put("canned-responses/" + second, body(code, "Second", "Two")),
                409,
                "urn:parley:problem:short-code-taken");
        assertThat(parley.count("select count(*) from canned_response")).isEqualTo(before);
        assertThat(admin.get("canned-responses/" + second).json().getString("shortCode"))
                .isEqualTo(code + "-x");
        assertThat(admin.put("canned-responses/" + first, body(code, "First, renamed", "One"))
                        .status())
                .as("keeping its own code")
                .isEqualTo(200);

        long otherInbox = newInbox(parley);
        assertThat(admin.post("canned-responses?inboxId=" + otherInbox, body(code, "Elsewhere", "Hi"))
                        .status())
                .isEqualTo(201);
        assertThat(codes(admin.get("canned-responses?inboxId=" + otherInbox))).containsExactly(code);
    }

    @Test
    void badInputIsA400ProblemAndWritesNothing(Parley parley) {
        AgentClient admin = parley.agent();
        String code = code("bad");
        long id = create(admin, code, "Kept", "Kept text");
        long rows = parley.count("select count(*) from canned_response");
        long audits = parley.count("select count(*) from audit_event where action like 'canned.%'");

        List<String> invalid = List.of(
                body("Upper", "t", "c"),
                body("with space", "t", "c"),
                body("a".repeat(33), "t", "c"),
                body("", "t", "c"),
                body(code("ok"), "", "c"),
                body(code("ok"), "two\nlines", "c"),
                body(code("ok"), "t".repeat(201), "c"),
                body(code("ok"), "t", " "),
                body(code("ok"), "t", "c".repeat(4001)),
                body(code("ok"), "t", "bell\u0007"),
                "{\"title\":\"t\",\"content\":\"c\"}",
                "{\"shortCode\":1,\"title\":\"t\",\"content\":\"c\"}",
                "{\"shortCode\":\"ok\",\"title\":[\"t\"],\"content\":\"c\"}",
                "{\"shortCode\":\"ok\",\"title\":\"t\",\"content\":null}",
                "{\"shortCode\":\"ok\",\"title\":\"t\",\"content\":\"c\\u0000\"}");
        for (String json : invalid) {
            Reply created = admin.post("canned-responses", json);
            assertProblem(created, 400, "urn:parley:problem:invalid-request");
            assertThat(created.json().getJsonArray("errors")).as(json).isNotEmpty();
            assertProblem(admin.put("canned-responses/" + id, json), 400, "urn:parley:problem:invalid-request");
        }
        Reply named = admin.post("canned-responses", "{}");
        assertThat(named.json().getJsonArray("errors").stream()
                        .map(e -> e.asJsonObject().getString("field"))
                        .toList())
                .containsExactly("shortCode", "title", "content");
        for (String malformed : List.of("", "{", "[]", "{\"shortCode\":\"x\"} {}", "null")) {
            assertProblem(admin.post("canned-responses", malformed), 400, "urn:parley:problem:bad-request");
            assertProblem(admin.put("canned-responses/" + id, malformed), 400, "urn:parley:problem:bad-request");
        }
        for (String query : List.of("q=", "q=%20", "q=" + "a".repeat(101), "q=a%00b", "inboxId=0", "inboxId=x")) {
            assertProblem(admin.get("canned-responses?" + query), 400, "urn:parley:problem:invalid-request");
        }
        assertProblem(admin.get("canned-responses?inboxId=999999999"), 404, "urn:parley:problem:not-found");
        assertProblem(
                admin.post("canned-responses?inboxId=999999999", body(code("ok"), "t", "c")),
                404,
                "urn:parley:problem:not-found");
        for (String path : List.of("abc", "0", "-1", "1.5", "99999999999999999999")) {
            assertProblem(admin.get("canned-responses/" + path), 404, "urn:parley:problem:not-found");
            assertProblem(admin.delete("canned-responses/" + path), 404, "urn:parley:problem:not-found");
        }

        assertThat(parley.count("select count(*) from canned_response")).isEqualTo(rows);
        assertThat(parley.count("select count(*) from audit_event where action like 'canned.%'"))
                .isEqualTo(audits);
        assertThat(parley.rows("select short_code, title, content from canned_response where id = ?", id))
                .containsExactly(List.of(code, "Kept", "Kept text"));
    }

    @Test
    void noLoginIsA401AndAnAgentReadsButChangesNothing(Parley parley) {
        AgentClient admin = parley.agent();
        String code = code("role");
        long id = create(admin, code, "Admins only", "Text");
        AgentClient anonymous = parley.agent(null, null);
        for (Reply reply : List.of(
                anonymous.get("canned-responses"),
                anonymous.get("canned-responses/" + id),
                anonymous.post("canned-responses", body(code("anon"), "t", "c")),
                anonymous.put("canned-responses/" + id, body(code, "t", "c")),
                anonymous.delete("canned-responses/" + id))) {
            assertProblem(reply, 401, "urn:parley:problem:unauthorized");
        }

        AgentClient agent = newAgent(parley, "Role Agent");
        long rows = parley.count("select count(*) from canned_response");
        assertThat(codes(agent.get("canned-responses?q=" + code))).containsExactly(code);
        assertThat(agent.get("canned-responses/" + id).status()).isEqualTo(200);
        assertProblem(
                agent.post("canned-responses", body(code("agent"), "t", "c")), 403, "urn:parley:problem:forbidden");
        assertProblem(
                agent.put("canned-responses/" + id, body(code, "Changed", "Changed")),
                403,
                "urn:parley:problem:forbidden");
        assertProblem(agent.delete("canned-responses/" + id), 403, "urn:parley:problem:forbidden");

        assertThat(parley.rows("select short_code, title, content from canned_response where id = ?", id))
                .containsExactly(List.of(code, "Admins only", "Text"));
        assertThat(parley.count("select count(*) from canned_response")).isEqualTo(rows);
        assertThat(parley.rows(
                        "select action, outcome from audit_event where action like 'canned.%' and outcome = 'forbidden'"
                                + " and actor = ? order by id",
                        "agent:" + agent.get("agents/me").json().getString("username")))
                .containsExactly(
                        List.of("canned.create", "forbidden"),
                        List.of("canned.update", "forbidden"),
                        List.of("canned.delete", "forbidden"));
    }

    static String code(String what) {
        return what + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String body(String shortCode, String title, String content) {
        return Json.createObjectBuilder()
                .add("shortCode", shortCode)
                .add("title", title)
                .add("content", content)
                .build()
                .toString();
    }

    static long create(AgentClient admin, String shortCode, String title, String content) {
        Reply created = admin.post("canned-responses", body(shortCode, title, content));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.id();
    }

    static List<String> codes(Reply list) {
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        return list.array().stream()
                .map(JsonValue::asJsonObject)
                .map((JsonObject c) -> c.getString("shortCode"))
                .toList();
    }

    static long defaultInbox(Parley parley) {
        return parley.count("select min(id) from inbox");
    }

    static long newInbox(Parley parley) {
        String website = "web_canned_" + UUID.randomUUID().toString().replace("-", "");
        parley.execute("insert into inbox (name, website_token, created_at) values ('Canned test', ?, now())", website);
        return parley.count("select id from inbox where website_token = ?", website);
    }

    static AgentClient newAgent(Parley parley, String displayName) {
        String name = "canned-" + UUID.randomUUID().toString().substring(0, 8);
        Reply created = parley.agent()
                .post(
                        "agents",
                        Json.createObjectBuilder()
                                .add("username", name)
                                .add("displayName", displayName)
                                .add("password", PASSWORD)
                                .add("role", "AGENT")
                                .build()
                                .toString());
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return parley.agent(name, PASSWORD).withNewToken(parley.uri("admin/api/v1/"), "canned");
    }
}
