package dev.parley.it.identity;

import static dev.parley.it.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.it.support.AgentClient;
import dev.parley.it.support.Parley;
import dev.parley.it.support.ParleyServer;
import dev.parley.it.support.Reply;
import dev.parley.it.support.WidgetClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code /admin/api/v1/inbox/identity}: every agent reads the mode, only admins switch it and rotate
 * the secret; a rotation makes the old hashes fail at once and the new secret work; bad input is a 400
 * or 404 problem that writes nothing. Each test works on an inbox of its own ({@code ?inboxId=}), so the
 * default inbox's secret, which other test classes sign with, never changes.
 */
@ExtendWith(ParleyServer.class)
class InboxIdentityApiIT {

    @Test
    void anAgentReadsTheModeButNeitherSwitchesItNorRotatesTheSecret(Parley parley) {
        String website = Inboxes.create(parley, "SUGGEST", "OPTIONAL", "agent-secret");
        long inbox = inboxId(parley, website);
        AgentClient agent = DeviceRevocationIT.newAgent(parley);

        Reply read = agent.get("inbox/identity?inboxId=" + inbox);
        assertThat(read.status()).as(read.toString()).isEqualTo(200);
        assertThat(read.json().getString("mode")).isEqualTo("OPTIONAL");
        assertThat(read.json().getBoolean("hasSecret")).isTrue();
        assertThat(read.body()).doesNotContain("agent-secret");
        Reply defaultInbox = agent.get("inbox/identity");
        assertThat(defaultInbox.status()).isEqualTo(200);
        assertThat(defaultInbox.json().getBoolean("hasSecret")).isTrue();

        assertProblem(agent.post("inbox/identity/rotate?inboxId=" + inbox, ""), 403, "urn:parley:problem:forbidden");
        assertProblem(
                agent.put("inbox/identity?inboxId=" + inbox, "{\"mode\":\"OFF\"}"),
                403,
                "urn:parley:problem:forbidden");

        assertThat(parley.rows("select identity_mode, identity_secret from inbox where id = ?", inbox))
                .containsExactly(List.of("OPTIONAL", "agent-secret"));
        assertThat(parley.widget()
                        .verifiedSession(website, Inboxes.user(), "agent-secret", null)
                        .status())
                .isEqualTo(201);
    }

    @Test
    void afterAnAdminRotatesTheOldHashIsRefusedAndTheNewOneWorks(Parley parley) {
        WidgetClient widget = parley.widget();
        String website = Inboxes.create(parley, "SUGGEST", "OPTIONAL", "before-rotation");
        long inbox = inboxId(parley, website);
        String user = Inboxes.user();
        assertThat(widget.verifiedSession(website, user, "before-rotation", null)
                        .status())
                .isEqualTo(201);

        Reply rotated = parley.agent().post("inbox/identity/rotate?inboxId=" + inbox, "");
        assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
        assertThat(rotated.header("Cache-Control")).isEqualTo("no-store");
        String secret = rotated.json().getString("secret");
        assertThat(secret).hasSizeGreaterThanOrEqualTo(43).isNotEqualTo("before-rotation");

        assertProblem(
                widget.verifiedSession(website, user, "before-rotation", null), 401, "urn:parley:problem:unauthorized");
        assertThat(widget.verifiedSession(website, user, secret, null).status()).isEqualTo(200);
        assertThat(widget.verifiedSession(website, Inboxes.user(), secret, null).status())
                .isEqualTo(201);
        assertThat(parley.rows(
                        "select outcome, detail from audit_event where action = 'inbox.identity-secret' and detail like ?",
                        "inbox " + inbox + ":%"))
                .containsExactly(List.of("rotated", "inbox " + inbox + ": new secret, the old one no longer verifies"));
        assertThat(parley.count("select count(*) from audit_event where detail like ?", "%" + secret + "%"))
                .as("the secret is never audited")
                .isZero();

        Reply required = parley.agent().put("inbox/identity?inboxId=" + inbox, "{\"mode\":\"REQUIRED\"}");
        assertThat(required.status()).as(required.toString()).isEqualTo(200);
        assertThat(required.json().getString("mode")).isEqualTo("REQUIRED");
        assertProblem(
                widget.post("session", null, Map.of(), "{\"websiteToken\":\"" + website + "\"}"),
                401,
                "urn:parley:problem:unauthorized");
        assertThat(parley.agent().get("inbox/identity?inboxId=" + inbox).json().getString("mode"))
                .isEqualTo("REQUIRED");
    }

    @Test
    void badInputIsAProblemAndWritesNothing(Parley parley) {
        String website = Inboxes.create(parley, "SUGGEST", "OFF", null);
        long inbox = inboxId(parley, website);
        AgentClient admin = parley.agent();
        String path = "inbox/identity?inboxId=" + inbox;

        for (String body : List.of(
                "{\"mode\":\"SOMETIMES\"}",
                "{\"mode\":\"\"}",
                "{\"mode\":null}",
                "{\"mode\":1}",
                "{\"mode\":[\"OFF\"]}",
                "{}",
                "{\"mode\":\"OPTIONAL\\u0000\"}")) {
            assertProblem(admin.put(path, body), 400, "urn:parley:problem:invalid-request");
        }
        for (String malformed : List.of("{\"mode\":", "[]", "{\"mode\":\"OFF\"} {}", "")) {
            assertProblem(admin.put(path, malformed), 400, "urn:parley:problem:bad-request");
        }
        assertProblem(admin.put(path, "{\"mode\":\"OPTIONAL\"}"), 400, "urn:parley:problem:invalid-request");
        assertProblem(admin.get("inbox/identity?inboxId=abc"), 400, "urn:parley:problem:invalid-request");
        assertProblem(admin.get("inbox/identity?inboxId=0"), 400, "urn:parley:problem:invalid-request");
        assertProblem(admin.get("inbox/identity?inboxId=999999999"), 404, "urn:parley:problem:not-found");
        assertProblem(admin.post("inbox/identity/rotate?inboxId=999999999", ""), 404, "urn:parley:problem:not-found");
        assertProblem(
                admin.put("inbox/identity?inboxId=-1", "{\"mode\":\"OFF\"}"),
                400,
                "urn:parley:problem:invalid-request");

        assertThat(parley.rows("select identity_mode, identity_secret from inbox where id = ?", inbox))
                .containsExactly(java.util.Arrays.asList("OFF", null));
        assertThat(parley.count("select count(*) from audit_event where detail like ?", "inbox " + inbox + "%"))
                .isZero();
    }

    static long inboxId(Parley parley, String website) {
        return parley.count("select id from inbox where website_token = ?", website);
    }
}
