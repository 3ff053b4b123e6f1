package dev.parley.it.erasure;

import static dev.parley.it.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.it.support.AgentClient;
import dev.parley.it.support.Parley;
import dev.parley.it.support.ParleyServer;
import dev.parley.it.support.Reply;
import dev.parley.it.support.WidgetClient;
import dev.parley.it.support.WidgetClient.Visitor;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The retention job on demand ({@code POST /inbox/retention/run}) with rows made old in the database: it removes
 * exactly the texts of messages in conversations resolved before the inbox's period (more than one batch of
 * them), deletes exactly the audit entries older than the audit period, the expired idempotency records and the
 * webhook outbox's finished events older than {@code parley.webhooks.keep} (30 days), keeps
 * every conversation, message row and count, and audits its summary. A second run finds nothing. The settings
 * are admins' and their bad values are 400 problems that change nothing.
 */
@ExtendWith(ParleyServer.class)
class RetentionIT {

    @Test
    void theJobRemovesExactlyWhatIsOlderThanTheSettingsInBatches(Parley parley) {
        WidgetClient widget = parley.widget();
        AgentClient admin = parley.agent();
        String tag = UUID.randomUUID().toString().substring(0, 8);
        Visitor visitor = widget.newVisitor();
        long old = ErasureIT.started(widget, visitor, ErasureIT.Person.unique("Rita"), "Old question " + tag);
        admin.replied(old, "Old answer " + tag);
        assertThat(admin.status(old, "RESOLVED").status()).isEqualTo(200);
        long recent = ErasureIT.started(widget, visitor, ErasureIT.Person.unique("Rita"), "Recent question " + tag);
        assertThat(admin.status(recent, "RESOLVED").status()).isEqualTo(200);
        Visitor other = widget.newVisitor();
        long open = ErasureIT.started(widget, other, ErasureIT.Person.unique("Olga"), "Open question " + tag);
        // 1,200 more messages in the old conversation: the job needs three batches for them
        parley.execute(
                "insert into message (conversation_id, origin_conversation_id, sender, author, content, created_at)"
                        + " select ?, ?, 'CONTACT', 'Rita', 'Bulk ' || n || ' " + tag + "', now()"
                        + " from generate_series(1, 1200) n",
                old,
                old);
        parley.execute("update conversation set updated_at = now() - interval '31 days' where id = ?", old);
        parley.execute("update conversation set updated_at = now() - interval '29 days' where id = ?", recent);
        parley.execute("update conversation set updated_at = now() - interval '400 days' where id = ?", open);
        long oldMessages = parley.count("select count(*) from message where conversation_id = ?", old);
        assertThat(oldMessages).isEqualTo(1202);
        parley.execute(
                "update audit_event set occurred_at = now() - interval '91 days' where contact_id = ?",
                visitor.contactId());
        long oldAudit = parley.count("select count(*) from audit_event where contact_id = ?", visitor.contactId());
        parley.execute(
                "update audit_event set occurred_at = now() - interval '89 days' where contact_id = ?",
                other.contactId());
        long keptAudit = parley.count("select count(*) from audit_event where contact_id = ?", other.contactId());
        parley.execute(
                "update idempotency_record set expires_at = now() - interval '1 minute' where contact_id = ?",
                visitor.contactId());
        long expired = parley.count("select count(*) from idempotency_record where expires_at < now()");
        // the webhook outbox: 600 events delivered 31 days ago (two batches), one FAILED and one without
        // deliveries (its endpoint deleted) go; one still PENDING and one delivered 29 days ago stay
        String hooks = "msg_rt" + tag;
        parley.execute(
                "insert into webhook_endpoint (url, events, secret, enabled, disabled_reason,"
                        + " consecutive_failures, created_at, created_by, updated_at, updated_by) values (?,"
                        + " ',message.created,', 'whsec_retention', false, 'retention test', 0, now(), 'test', now(), 'test')",
                "https://example.com/" + hooks);
        long endpoint = parley.count("select id from webhook_endpoint where url = ?", "https://example.com/" + hooks);
        parley.execute(
                "insert into webhook_event (event_id, type, payload, created_at) select ? || n, 'message.created',"
                        + " '{}', now() - interval '31 days' from generate_series(1, 600) n",
                hooks + "d");
        parley.execute(
                "insert into webhook_event (event_id, type, payload, created_at) values (? || 'failed',"
                        + " 'message.created', '{}', now() - interval '31 days'), (? || 'none', 'message.created',"
                        + " '{}', now() - interval '31 days'), (? || 'pending', 'message.created', '{}',"
                        + " now() - interval '31 days'), (? || 'recent', 'message.created', '{}',"
                        + " now() - interval '29 days')",
                hooks,
                hooks,
                hooks,
                hooks);
        parley.execute(
                "insert into webhook_delivery (endpoint_id, event_id, order_key, status, attempts, next_attempt_at,"
                        + " retry_since, created_at) select ?, e.id, 'contact:0', case when e.event_id = ? || 'failed'"
                        + " then 'FAILED' when e.event_id = ? || 'pending' then 'PENDING' else 'DELIVERED' end, 1,"
                        + " e.created_at, e.created_at, e.created_at from webhook_event e where e.event_id like ?"
                        + " and e.event_id <> ? || 'none'",
                endpoint,
                hooks,
                hooks,
                hooks + "%",
                hooks);
        long conversations = parley.count("select count(*) from conversation");
        long messages = parley.count("select count(*) from message");

        try {
            Reply settings = admin.put("inbox/retention", "{\"messageRetentionDays\": 30, \"auditRetentionDays\": 90}");
            assertThat(settings.status()).as(settings.toString()).isEqualTo(200);
            assertThat(settings.json().getInt("messageRetentionDays")).isEqualTo(30);
            assertThat(settings.json().getInt("auditRetentionDays")).isEqualTo(90);
            assertThat(settings.json().getBoolean("visitorErasureRequests")).isFalse();

            Reply run = admin.post("inbox/retention/run", "");
            assertThat(run.status()).as(run.toString()).isEqualTo(200);
            JsonObject summary = run.json();
            assertThat(summary.getInt("messagesRemoved")).isEqualTo(1202);
            assertThat(summary.getInt("auditEntriesDeleted")).isEqualTo((int) oldAudit);
            assertThat(summary.getInt("idempotencyRecordsDeleted")).isEqualTo((int) expired);
            assertThat(summary.getInt("webhookEventsDeleted")).isEqualTo(602);
        } finally {
            admin.put("inbox/retention", "{\"messageRetentionDays\": null, \"auditRetentionDays\": null}");
        }

        assertThat(parley.count(
                        "select count(*) from message where conversation_id = ? and content = '[removed]'"
                                + " and redacted_at is not null",
                        old))
                .isEqualTo(oldMessages);
        assertThat(parley.count(
                        "select count(*) from message where conversation_id = ? and sender = 'CONTACT'"
                                + " and author is not null",
                        old))
                .isZero();
        assertThat(parley.rows("select content from message where conversation_id = ? order by id", recent))
                .containsExactly(List.of("Recent question " + tag));
        assertThat(parley.rows("select content from message where conversation_id = ? order by id", open))
                .containsExactly(List.of("Open question " + tag));
        assertThat(parley.count("select count(*) from conversation")).isEqualTo(conversations);
        assertThat(parley.count("select count(*) from message")).isEqualTo(messages);
        assertThat(parley.count("select count(*) from audit_event where contact_id = ?", visitor.contactId()))
                .isZero();
        assertThat(parley.count("select count(*) from audit_event where contact_id = ?", other.contactId()))
                .isEqualTo(keptAudit);
        assertThat(parley.count("select count(*) from idempotency_record where contact_id = ?", visitor.contactId()))
                .isZero();
        assertThat(
                        parley.rows(
                                "select actor, detail from audit_event where action = 'retention.run' order by id desc limit 1"))
                .containsExactly(List.of(
                        "agent:" + ParleyServer.ADMIN_USER,
                        "messages removed 1202; audit entries deleted " + oldAudit + "; idempotency records deleted "
                                + expired + "; webhook events deleted 602"));
        assertThat(parley.rows(
                        "select e.event_id, d.status from webhook_event e left join webhook_delivery d"
                                + " on d.event_id = e.id where e.event_id like ? order by e.event_id",
                        hooks + "%"))
                .containsExactly(List.of(hooks + "pending", "PENDING"), List.of(hooks + "recent", "DELIVERED"));
        assertThat(admin.get("conversations/" + old).json().getJsonArray("messages").stream()
                        .map(m -> m.asJsonObject().getString("content"))
                        .distinct())
                .as("what agents read")
                .containsExactly("[removed]");

        Reply again = admin.post("inbox/retention/run", "");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().getInt("messagesRemoved")).isZero();
        assertThat(again.json().getInt("auditEntriesDeleted")).isZero();
        assertThat(again.json().getInt("webhookEventsDeleted")).isZero();
    }

    @Test
    void onlyAdminsSeeOrChangeRetentionAndBadValuesAreProblems(Parley parley) {
        AgentClient admin = parley.agent();
        AgentClient agent = ErasureIT.newAgent(parley);
        AgentClient nobody = parley.agent(null, null);
        Reply current = admin.get("inbox/retention");
        assertThat(current.status()).as(current.toString()).isEqualTo(200);
        assertThat(current.json().containsKey("messageRetentionDays")).isFalse();
        assertThat(current.json().containsKey("auditRetentionDays")).isFalse();
        assertThat(current.json().getBoolean("visitorErasureRequests")).isFalse();

        assertProblem(nobody.get("inbox/retention"), 401, "urn:parley:problem:unauthorized");
        assertProblem(nobody.post("inbox/retention/run", ""), 401, "urn:parley:problem:unauthorized");
        assertProblem(agent.get("inbox/retention"), 403, "urn:parley:problem:forbidden");
        assertProblem(
                agent.put("inbox/retention", "{\"messageRetentionDays\": 7}"), 403, "urn:parley:problem:forbidden");
        assertProblem(agent.post("inbox/retention/run", ""), 403, "urn:parley:problem:forbidden");
        for (String body : List.of(
                "{\"messageRetentionDays\": 0}",
                "{\"messageRetentionDays\": 36501}",
                "{\"auditRetentionDays\": -1}",
                "{\"auditRetentionDays\": 1.5}",
                "{\"auditRetentionDays\": \"30\"}",
                "{\"messageRetentionDays\": 99999999999999999999}",
                "{\"visitorErasureRequests\": \"yes\"}",
                "{\"retentionDays\": 30}",
                "{}",
                "[]",
                "{",
                "")) {
            assertBadRequest(admin.put("inbox/retention", body));
        }
        assertBadRequest(admin.get("inbox/retention?inboxId=x"));
        assertProblem(admin.get("inbox/retention?inboxId=999999"), 404, "urn:parley:problem:not-found");
        assertThat(admin.get("inbox/retention").body()).isEqualTo(current.body());
    }

    /** A 400 problem: a field error (invalid-request) or a body that is no JSON object (bad-request). */
    static void assertBadRequest(Reply reply) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
        assertProblem(
                reply,
                400,
                reply.json().getString("type").endsWith("bad-request")
                        ? "urn:parley:problem:bad-request"
                        : "urn:parley:problem:invalid-request");
    }
}
