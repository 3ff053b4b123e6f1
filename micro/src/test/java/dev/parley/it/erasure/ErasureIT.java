package dev.parley.it.erasure;

import static dev.parley.it.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.it.support.AgentClient;
import dev.parley.it.support.Parley;
import dev.parley.it.support.ParleyServer;
import dev.parley.it.support.Reply;
import dev.parley.it.support.SocketClient;
import dev.parley.it.support.WidgetClient;
import dev.parley.it.support.WidgetClient.Visitor;
import dev.parley.it.webhook.WebhooksIT;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A visitor's data on request, end to end over the APIs and checked in PostgreSQL: the export holds every item
 * Parley keeps about them; after the erasure no personal datum of theirs is left in any text column of any
 * table, their sockets are closed and their tokens refused, another visitor's data (even merged into their
 * conversation) is untouched, and the merge history still reads and works. Agents may do neither; bad ids and
 * unknown contacts are problems that change nothing.
 */
@ExtendWith(ParleyServer.class)
class ErasureIT {

    static final String AGENT_PASSWORD = "erasure-agent-password";

    /** One visitor's personal data, unique to this run so the database scan finds nothing else. */
    record Person(String name, String email, String identifier, String url, String title, List<String> texts) {

        static Person unique(String first) {
            String tag = UUID.randomUUID().toString().substring(0, 8);
            return new Person(
                    first + " Quill" + tag,
                    first.toLowerCase() + ".q" + tag + "@example.org",
                    first.toLowerCase() + "-user-" + tag,
                    "https://shop.example/orders/" + tag + "/track",
                    "Order tracking " + tag,
                    List.of(
                            "My parcel " + tag + " never came",
                            "Still waiting for " + tag,
                            "A second question about " + tag,
                            "Agent answer about " + tag,
                            "Agent answer two on " + tag));
        }

        List<String> all() {
            List<String> all = new ArrayList<>(List.of(name, email, identifier, url, title));
            all.addAll(texts);
            return all;
        }
    }

    @Test
    void theExportHoldsEveryItemAndAfterTheErasureNoPersonalDatumIsLeftAnywhere(Parley parley) {
        WidgetClient widget = parley.widget();
        AgentClient admin = parley.agent();
        Person erin = Person.unique("Erin");
        Person otto = Person.unique("Otto");
        // a webhook endpoint subscribed to everything that never answers (nothing listens on port 9): the
        // outbox keeps every event's body, Erin's data included, until the erasure scrubs it
        long webhook = admin.post("webhooks", WebhooksIT.endpoint("http://127.0.0.1:9/erasure", WebhooksIT.ALL_EVENTS))
                .id();
        try {
            everyItemExportedAndErased(parley, widget, admin, erin, otto);
        } finally {
            admin.delete("webhooks/" + webhook);
        }
    }

    private void everyItemExportedAndErased(
            Parley parley, WidgetClient widget, AgentClient admin, Person erin, Person otto) {

        // Erin: an anonymous session that reports where she is, then identifies (merged into her verified
        // contact), a second device, two conversations (the first resolved), merged and unmerged
        Visitor anonymous = widget.newVisitor();
        assertThat(context(widget, anonymous, erin).status()).isEqualTo(200);
        Reply identified = widget.identify(anonymous, erin.identifier(), ParleyServer.IDENTITY_SECRET);
        assertThat(identified.status()).as(identified.toString()).isEqualTo(200);
        Visitor laptop = widget.verifiedVisitor(erin.identifier());
        Visitor phone = widget.verifiedVisitor(erin.identifier());
        long erinId = laptop.contactId();
        assertThat(phone.contactId()).isEqualTo(erinId);
        assertThat(anonymous.contactId()).isNotEqualTo(erinId);
        assertThat(context(widget, laptop, erin).status()).isEqualTo(200);
        long first = started(widget, laptop, erin, erin.texts().get(0));
        assertThat(widget.post(
                                "conversations/" + first + "/messages",
                                laptop.token(),
                                Map.of(),
                                Json.createObjectBuilder()
                                        .add("content", erin.texts().get(1))
                                        .build()
                                        .toString())
                        .status())
                .isEqualTo(201);
        admin.replied(first, erin.texts().get(3));
        assertThat(admin.status(first, "RESOLVED").status()).isEqualTo(200);
        long second = started(widget, phone, erin, erin.texts().get(2));
        admin.replied(second, erin.texts().get(4));
        assertThat(admin.merge(first, second).status()).isEqualTo(200);
        assertThat(admin.unmerge(second).status()).isEqualTo(200);

        // Otto: another visitor, whose conversation an admin merged into Erin's (across contacts)
        Visitor ottoVisitor = widget.newVisitor();
        assertThat(context(widget, ottoVisitor, otto).status()).isEqualTo(200);
        long ottos = started(widget, ottoVisitor, otto, otto.texts().get(0));
        admin.replied(ottos, otto.texts().get(3));
        Reply crossMerge = admin.merge(second, true, ottos);
        assertThat(crossMerge.status()).as(crossMerge.toString()).isEqualTo(200);
        long messagesBefore = parley.count("select count(*) from message");
        int erinsTimelineBefore = messages(admin, second).size();

        // the export: every item, and no token
        Reply export = admin.get("contacts/" + erinId + "/export");
        assertThat(export.status()).as(export.toString()).isEqualTo(200);
        JsonObject exported = export.json();
        JsonObject contact = exported.getJsonObject("contact");
        assertThat(contact.getString("name")).isEqualTo(erin.name());
        assertThat(contact.getString("email")).isEqualTo(erin.email());
        assertThat(contact.getString("identifier")).isEqualTo(erin.identifier());
        assertThat(contact.getJsonObject("context").getString("url")).isEqualTo(erin.url());
        assertThat(contact.getJsonObject("context").getString("title")).isEqualTo(erin.title());
        assertThat(ids(exported.getJsonArray("mergedContacts"), "id")).containsExactly(anonymous.contactId());
        assertThat(exported.getJsonArray("devices")).hasSize(3);
        for (List<Object> hash : parley.rows(
                "select token_hash from contact_token where contact_id in (?, ?)", erinId, anonymous.contactId())) {
            assertThat(export.body()).doesNotContain((String) hash.get(0));
        }
        assertThat(export.body()).doesNotContain(laptop.token()).doesNotContain(phone.token());
        JsonArray conversations = exported.getJsonArray("conversations");
        assertThat(ids(conversations, "id")).containsExactly(first, second);
        List<String> exportedTexts = new ArrayList<>();
        conversations.forEach(c -> c.asJsonObject()
                .getJsonArray("messages")
                .forEach(m -> exportedTexts.add(m.asJsonObject().getString("content"))));
        assertThat(exportedTexts).containsExactlyInAnyOrderElementsOf(erin.texts());
        assertThat(export.body()).doesNotContain(otto.texts().get(0)).doesNotContain(otto.name());
        JsonArray merges = exported.getJsonArray("merges");
        assertThat(merges).hasSize(2);
        assertThat(merges.getJsonObject(0).getJsonNumber("sourceId").longValue())
                .isEqualTo(second);
        assertThat(merges.getJsonObject(0).containsKey("unmergedAt")).isTrue();
        assertThat(merges.getJsonObject(1).getJsonNumber("sourceId").longValue())
                .isEqualTo(ottos);
        assertThat(merges.getJsonObject(1).getBoolean("crossContact")).isTrue();
        List<String> actions = exported.getJsonArray("auditEntries").stream()
                .map(a -> a.asJsonObject().getString("action"))
                .toList();
        assertThat(actions)
                .contains(
                        "session.start",
                        "contact.identify",
                        "conversation.start",
                        "message.post",
                        "conversation.status",
                        "conversation.merge",
                        "conversation.unmerge");
        assertThat(exported.getJsonArray("erasureRequests")).isEmpty();
        assertThat(parley.count(
                        "select count(*) from audit_event where action = 'contact.export' and contact_id = ? and actor = ?",
                        erinId,
                        "agent:" + ParleyServer.ADMIN_USER))
                .isEqualTo(1);

        assertThat(parley.count(
                        "select count(*) from webhook_event where payload like ?",
                        "%" + erin.texts().get(0) + "%"))
                .as("the outbox holds Erin's first message before the erasure")
                .isPositive();

        // the erasure: sockets closed, tokens refused, nothing personal left anywhere (the outbox included)
        try (SocketClient laptopSocket = SocketClient.connect(parley, laptop.token());
                SocketClient phoneSocket = SocketClient.connect(parley, phone.token())) {
            Reply erased = admin.delete("contacts/" + erinId);
            assertThat(erased.status()).as(erased.toString()).isEqualTo(200);
            JsonObject summary = erased.json();
            assertThat(summary.getInt("conversations")).isEqualTo(2);
            assertThat(summary.getInt("messagesRemoved")).isEqualTo(5);
            assertThat(summary.getInt("devicesRevoked")).isEqualTo(3);
            assertThat(ids(summary.getJsonArray("contactIds")))
                    .containsExactlyInAnyOrder(erinId, anonymous.contactId());
            assertThat(laptopSocket.awaitClose().getCloseCode().getCode()).isEqualTo(1008);
            assertThat(phoneSocket.awaitClose().getCloseCode().getCode()).isEqualTo(1008);
        }
        for (Visitor device : List.of(laptop, phone, anonymous)) {
            assertProblem(widget.get("conversations", device.token()), 401, "urn:parley:problem:unauthorized");
        }
        assertThat(PersonalData.textColumns(parley)).isGreaterThan(20);
        assertThat(PersonalData.foundAnywhere(parley, erin.all())).isEmpty();
        assertThat(parley.rows("select name, email, context_url from contact where id = ?", ottoVisitor.contactId()))
                .containsExactly(List.of(otto.name(), otto.email(), otto.url()));
        assertThat(parley.count(
                        "select count(*) from message where content in (?, ?)",
                        otto.texts().get(0),
                        otto.texts().get(3)))
                .isEqualTo(2);
        assertThat(parley.count("select count(*) from message")).isEqualTo(messagesBefore);
        assertThat(parley.count(
                        "select count(*) from audit_event where action = 'contact.erase' and contact_id = ?"
                                + " and outcome = 'erased'",
                        erinId))
                .isEqualTo(1);

        // ids, counts, statuses and merges stay and read consistently; unmerge and merge still work
        JsonArray timeline = messages(admin, second);
        assertThat(timeline).hasSize(erinsTimelineBefore);
        assertThat(timeline.stream()
                        .map(m -> m.asJsonObject())
                        .filter(m -> m.getJsonNumber("originConversationId").longValue() == second)
                        .map(m -> m.getString("content"))
                        .distinct())
                .containsExactly("[removed]");
        assertThat(timeline.stream()
                        .map(m -> m.asJsonObject().getString("content"))
                        .toList())
                .contains(otto.texts().get(0), otto.texts().get(3));
        assertThat(admin.get("conversations/" + first).json().getString("status"))
                .isEqualTo("RESOLVED");
        Reply audit = admin.get("audit?contactId=" + erinId + "&action=conversation.");
        assertThat(audit.status()).isEqualTo(200);
        assertThat(audit.array().stream()
                        .map(a -> a.asJsonObject().getString("action"))
                        .toList())
                .contains("conversation.merge", "conversation.unmerge", "conversation.start");
        Reply ottoBack = admin.unmerge(ottos);
        assertThat(ottoBack.status()).as(ottoBack.toString()).isEqualTo(200);
        assertThat(messages(admin, ottos).stream()
                        .map(m -> m.asJsonObject().getString("content"))
                        .toList())
                .containsExactly(otto.texts().get(0), otto.texts().get(3));
        assertThat(admin.merge(first, second).status()).isEqualTo(200);
        assertThat(admin.unmerge(second).status()).isEqualTo(200);
        JsonObject after = admin.get("contacts/" + erinId + "/export").json();
        assertThat(after.getJsonObject("contact").containsKey("name")).isFalse();
        assertThat(after.getJsonObject("contact").containsKey("erasedAt")).isTrue();
        assertThat(after.getJsonArray("merges")).hasSize(3);
        assertThat(after.getJsonArray("devices"))
                .allSatisfy(d ->
                        assertThat(d.asJsonObject().containsKey("revokedAt")).isTrue());

        // erasing again changes nothing more
        Reply again = admin.delete("contacts/" + erinId);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().getInt("messagesRemoved")).isZero();
        assertThat(again.json().getInt("devicesRevoked")).isZero();
        assertThat(PersonalData.foundAnywhere(parley, erin.all())).isEmpty();
    }

    @Test
    void agentsMayNeitherExportNorEraseAndBadRequestsAreProblemsThatChangeNothing(Parley parley) {
        WidgetClient widget = parley.widget();
        Person pia = Person.unique("Pia");
        Visitor anonymous = widget.newVisitor();
        assertThat(widget.identify(anonymous, pia.identifier(), ParleyServer.IDENTITY_SECRET)
                        .status())
                .isEqualTo(200);
        Visitor visitor = widget.verifiedVisitor(pia.identifier());
        started(widget, visitor, pia, pia.texts().get(0));
        long contactId = visitor.contactId();
        AgentClient admin = parley.agent();
        AgentClient agent = newAgent(parley);
        AgentClient nobody = parley.agent(null, null);

        assertProblem(nobody.get("contacts/" + contactId + "/export"), 401, "urn:parley:problem:unauthorized");
        assertProblem(nobody.delete("contacts/" + contactId), 401, "urn:parley:problem:unauthorized");
        assertProblem(agent.get("contacts/" + contactId + "/export"), 403, "urn:parley:problem:forbidden");
        assertProblem(agent.delete("contacts/" + contactId), 403, "urn:parley:problem:forbidden");
        assertProblem(admin.get("contacts/999999999/export"), 404, "urn:parley:problem:not-found");
        assertProblem(admin.delete("contacts/999999999"), 404, "urn:parley:problem:not-found");
        for (String id : List.of("abc", "0", "-1", "1.5", "99999999999999999999")) {
            assertProblem(admin.get("contacts/" + id + "/export"), 404, "urn:parley:problem:not-found");
            assertProblem(admin.delete("contacts/" + id), 404, "urn:parley:problem:not-found");
        }
        assertProblem(admin.delete("contacts/" + anonymous.contactId()), 409, "urn:parley:problem:contact-merged");

        assertThat(PersonalData.foundAnywhere(parley, List.of(pia.name(), pia.email(), pia.identifier())))
                .isNotEmpty();
        assertThat(parley.count("select count(*) from contact where id = ? and erased_at is null", contactId))
                .isEqualTo(1);
        assertThat(widget.get("conversations", visitor.token()).status()).isEqualTo(200);
        assertThat(parley.count(
                        "select count(*) from audit_event where action in ('contact.export', 'contact.erase')"
                                + " and outcome = 'forbidden' and actor = ?",
                        "agent:" + agentName(agent)))
                .isEqualTo(2);
    }

    static Reply context(WidgetClient widget, Visitor visitor, Person person) {
        return widget.send(widget.request("context", visitor.token(), Map.of())
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(Json.createObjectBuilder()
                        .add("url", person.url())
                        .add("title", person.title())
                        .build()
                        .toString()))
                .build());
    }

    static long started(WidgetClient widget, Visitor visitor, Person person, String text) {
        Reply started = widget.start(
                visitor, UUID.randomUUID().toString(), WidgetClient.form(person.name(), person.email(), text));
        assertThat(started.status()).as(started.toString()).isIn(200, 201);
        return started.id();
    }

    static JsonArray messages(AgentClient admin, long conversationId) {
        return admin.get("conversations/" + conversationId).json().getJsonArray("messages");
    }

    static List<Long> ids(JsonArray array, String field) {
        return array.stream()
                .map(v -> v.asJsonObject().getJsonNumber(field).longValue())
                .toList();
    }

    static List<Long> ids(JsonArray array) {
        return array.stream()
                .map(v -> ((jakarta.json.JsonNumber) v).longValue())
                .toList();
    }

    /** A new AGENT-role account (not an admin), on a token. */
    static AgentClient newAgent(Parley parley) {
        String name = "erasure-agent-" + UUID.randomUUID().toString().substring(0, 8);
        Reply created = parley.agent()
                .post(
                        "agents",
                        Json.createObjectBuilder()
                                .add("username", name)
                                .add("displayName", "Erasure Agent")
                                .add("password", AGENT_PASSWORD)
                                .add("role", "AGENT")
                                .build()
                                .toString());
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return parley.agent(name, AGENT_PASSWORD).withNewToken(parley.uri("admin/api/v1/"), "erasure");
    }

    static String agentName(AgentClient agent) {
        return agent.get("agents/me").json().getString("username");
    }
}
