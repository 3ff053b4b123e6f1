package dev.parley.it.merge;

import static dev.parley.it.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.it.merge.MergeIT.Pair;
import dev.parley.it.support.AgentClient;
import dev.parley.it.support.Parley;
import dev.parley.it.support.ParleyServer;
import dev.parley.it.support.Reply;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every endpoint of the agent API's merge issue: good input, bad input, 401 and 403. */
@ExtendWith(ParleyServer.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AgentMergeApiIT {

    static final String AGENT_PASSWORD = "agent-password-123";

    String agentName;

    @BeforeAll
    void createAnAgent(Parley parley) {
        agentName = "agent-" + UUID.randomUUID().toString().substring(0, 8);
        Reply created = parley.agent()
                .post(
                        "agents",
                        "{\"username\":\"" + agentName + "\",\"displayName\":\"Agent\"," + "\"password\":\""
                                + AGENT_PASSWORD + "\",\"role\":\"AGENT\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().getString("role")).isEqualTo("AGENT");
        assertThat(created.body()).doesNotContain("password");
    }

    AgentClient asAgent(Parley parley) {
        return parley.agent(agentName, AGENT_PASSWORD);
    }

    @Test
    void agentsAreCreatedByAdminsOnly(Parley parley) {
        Map<String, Long> before = parley.snapshot();
        String body = "{\"username\":\"x-" + UUID.randomUUID().toString().substring(0, 8) + "\",\"displayName\":\"X\","
                + "\"password\":\"long-enough-secret\",\"role\":\"ADMIN\"}";

        assertProblem(asAgent(parley).post("agents", body), 403, "urn:parley:problem:forbidden");
        assertProblem(parley.agent(null, null).post("agents", body), 401, "urn:parley:problem:unauthorized");
        assertProblem(
                parley.agent()
                        .post(
                                "agents",
                                "{\"username\":\"" + agentName + "\",\"displayName\":\"A\","
                                        + "\"password\":\"long-enough-secret\",\"role\":\"AGENT\"}"),
                409,
                "urn:parley:problem:username-taken");
        Reply invalid =
                parley.agent().post("agents", "{\"username\":\"no spaces\",\"password\":\"short\",\"role\":\"BOSS\"}");
        assertProblem(invalid, 400, "urn:parley:problem:invalid-request");
        assertThat(invalid.json().getJsonArray("errors")).hasSize(4);
        assertProblem(parley.agent().post("agents", "[]"), 400, "urn:parley:problem:bad-request");
        assertThat(parley.snapshot()).isEqualTo(before);
        assertThat(parley.count(
                        "select count(*) from audit_event where action = 'agent.create' and outcome = 'forbidden'"
                                + " and actor = ?",
                        "agent:" + agentName))
                .isEqualTo(1);
    }

    @Test
    void listFiltersPagesAndCounts(Parley parley) {
        Pair pair = MergeIT.pair(parley, "Lena");
        long contactId = pair.visitor().contactId();
        AgentClient agent = asAgent(parley);

        Reply ofContact = agent.get("conversations?contactId=" + contactId);
        Reply open = agent.get("conversations?contactId=" + contactId + "&status=open");
        Reply byEmail = agent.get("conversations?email=LENA@example.com&size=1&page=0");
        Reply secondPage = agent.get("conversations?email=lena@example.com&size=1&page=1");
        Reply duplicates = agent.get("conversations?contactId=" + contactId + "&hasDuplicates=true");
        Reply inbox = agent.get("conversations?inboxId=1&size=1");

        assertThat(ofContact.status()).as(ofContact.toString()).isEqualTo(200);
        assertThat(ofContact.header("X-Total-Count")).isEqualTo("2");
        assertThat(MergeIT.ids(ofContact.array())).containsExactly(pair.second(), pair.first());
        assertThat(MergeIT.ids(open.array())).containsExactly(pair.second());
        assertThat(Long.parseLong(byEmail.header("X-Total-Count"))).isGreaterThanOrEqualTo(2);
        assertThat(byEmail.array()).hasSize(1);
        assertThat(secondPage.array()).hasSize(1);
        assertThat(MergeIT.ids(duplicates.array()))
                .as("open at overlapping times: the first was resolved before")
                .isEmpty();
        assertThat(inbox.status()).isEqualTo(200);
        assertThat(Long.parseLong(inbox.header("X-Total-Count"))).isPositive();
        for (String bad : new String[] {
            "status=GONE", "inboxId=x", "contactId=-1", "hasDuplicates=maybe", "page=-1", "size=0", "email="
        }) {
            assertProblem(agent.get("conversations?" + bad), 400, "urn:parley:problem:invalid-request");
        }
        assertProblem(
                parley.agent(null, null).get("conversations?contactId=1"), 401, "urn:parley:problem:unauthorized");
    }

    @Test
    void getAnswerAndChangeStatusAsAnAgent(Parley parley) {
        Pair pair = MergeIT.pair(parley, "Mona");
        AgentClient agent = asAgent(parley);

        Reply answered = agent.reply(pair.second(), "From an agent");
        Reply pending = agent.status(pair.second(), "PENDING");
        Reply one = agent.get("conversations/" + pair.second());

        assertThat(answered.status()).isEqualTo(201);
        assertThat(answered.json().getString("author"))
                .as("the display name, never the login")
                .isEqualTo("Agent");
        assertThat(pending.json().getString("status")).isEqualTo("PENDING");
        assertThat(one.json().getJsonArray("messages")).hasSize(3);
        assertProblem(agent.get("conversations/0"), 404, "urn:parley:problem:not-found");
    }

    @Test
    void mergeAndUnmergeThroughTheApi(Parley parley) {
        Pair pair = MergeIT.pair(parley, "Nina");
        AgentClient agent = asAgent(parley);

        Reply preview = agent.get("conversations/" + pair.first() + "/merge-preview?sourceIds=" + pair.second());
        assertThat(preview.status()).as(preview.toString()).isEqualTo(200);
        assertThat(preview.json().getJsonArray("moving")).hasSize(2);
        assertThat(preview.json().getJsonArray("timeline")).hasSize(4);
        assertThat(preview.json().getString("resultingStatus")).isEqualTo("OPEN");
        assertThat(preview.json().getJsonArray("problems")).isEmpty();

        Reply merged = agent.merge(pair.first(), pair.second());
        assertThat(merged.status()).as(merged.toString()).isEqualTo(200);
        assertThat(merged.json().getJsonObject("conversation").getJsonArray("messages"))
                .hasSize(4);
        assertThat(merged.json().getJsonArray("merged").getJsonNumber(0).longValue())
                .isEqualTo(pair.second());
        assertThat(merged.json().getJsonArray("merged")).hasSize(1);

        Reply audit = agent.get("audit?conversationId=" + pair.second() + "&action=conversation.merge");
        assertThat(audit.status()).as(audit.toString()).isEqualTo(200);
        assertThat(audit.header("X-Total-Count")).isEqualTo("1");
        assertThat(audit.array().getJsonObject(0).getString("actor")).isEqualTo("agent:" + agentName);

        Reply unmerged = agent.unmerge(pair.second());
        assertThat(unmerged.status()).as(unmerged.toString()).isEqualTo(200);
        assertThat(unmerged.json().getString("status")).isEqualTo("OPEN");
        assertThat(unmerged.json().getJsonArray("messages")).hasSize(2);
        assertThat(agent.get("audit?conversationId=" + pair.second())
                        .array()
                        .getJsonObject(0)
                        .getString("action"))
                .isEqualTo("conversation.unmerge");
    }

    @Test
    void thePreviewReportsTheRefusalTheMergeAnswers(Parley parley) {
        Pair ann = MergeIT.pair(parley, "Sue");
        Pair bob = MergeIT.pair(parley, "Tom");
        AgentClient admin = parley.agent();
        String preview = "conversations/" + ann.first() + "/merge-preview?sourceIds=" + bob.second();
        Map<String, Long> before = parley.snapshot();

        Reply reopening = admin.get(preview + "&allowCrossContact=true");
        assertThat(reopening.status()).as(reopening.toString()).isEqualTo(200);
        assertThat(reopening.json().getString("resultingStatus")).isEqualTo("OPEN");
        assertThat(reopening.json().getJsonArray("refusals"))
                .as("Sue's resolved conversation would reopen while her " + "second one is open")
                .singleElement()
                .satisfies(refusal -> {
                    assertThat(refusal.asJsonObject().getInt("status")).isEqualTo(409);
                    assertThat(refusal.asJsonObject().getString("type"))
                            .isEqualTo("urn:parley:problem:another-open-conversation");
                });
        Reply merge = admin.merge(ann.first(), true, bob.second());
        assertProblem(merge, 409, "urn:parley:problem:another-open-conversation");
        assertThat(reopening.json().getJsonArray("problems").getString(0))
                .isEqualTo(merge.json().getString("detail"));

        Reply withoutFlag = admin.get(preview);
        assertThat(withoutFlag.json().getJsonArray("refusals").getJsonObject(0).getString("type"))
                .isEqualTo("urn:parley:problem:cross-contact");
        assertProblem(admin.merge(ann.first(), bob.second()), 422, "urn:parley:problem:cross-contact");

        Reply byAnAgent = asAgent(parley).get(preview + "&allowCrossContact=true");
        assertThat(byAnAgent.json().getJsonArray("refusals").getJsonObject(0).getString("type"))
                .isEqualTo("urn:parley:problem:forbidden");
        assertProblem(asAgent(parley).merge(ann.first(), true, bob.second()), 403, "urn:parley:problem:forbidden");
        assertProblem(admin.get(preview + "&allowCrossContact=maybe"), 400, "urn:parley:problem:invalid-request");
        assertThat(parley.snapshot()).isEqualTo(before);
    }

    @Test
    void badMergeInputIsRefusedAndChangesNothing(Parley parley) {
        Pair pair = MergeIT.pair(parley, "Olga");
        Pair other = MergeIT.pair(parley, "Paul");
        AgentClient agent = parley.agent();
        String merge = "conversations/" + pair.first() + "/merge";
        Map<String, Long> before = parley.snapshot();

        assertProblem(agent.post(merge, ""), 400, "urn:parley:problem:bad-request");
        assertProblem(agent.post(merge, "{\"sourceIds\":"), 400, "urn:parley:problem:bad-request");
        assertProblem(agent.post(merge, "{}"), 400, "urn:parley:problem:invalid-request");
        assertProblem(agent.post(merge, "{\"sourceIds\":[]}"), 400, "urn:parley:problem:invalid-request");
        assertProblem(agent.post(merge, "{\"sourceIds\":\"2\"}"), 400, "urn:parley:problem:invalid-request");
        assertProblem(agent.post(merge, "{\"sourceIds\":[-2]}"), 400, "urn:parley:problem:invalid-request");
        assertProblem(agent.post(merge, "{\"sourceIds\":[1.5]}"), 400, "urn:parley:problem:invalid-request");
        assertProblem(
                agent.post(merge, "{\"sourceIds\":[" + pair.second() + "],\"allowCrossContact\":\"yes\"}"),
                400,
                "urn:parley:problem:invalid-request");
        assertProblem(
                agent.post(merge, "{\"sourceIds\":[" + "1,".repeat(50) + "1]}"),
                400,
                "urn:parley:problem:invalid-request");
        assertProblem(agent.merge(pair.first(), 999_999_999L), 404, "urn:parley:problem:not-found");
        assertProblem(agent.merge(999_999_999L, pair.second()), 404, "urn:parley:problem:not-found");
        assertProblem(
                agent.post("conversations/abc/merge", "{\"sourceIds\":[1]}"), 404, "urn:parley:problem:not-found");
        assertProblem(agent.unmerge(pair.first()), 409, "urn:parley:problem:not-merged");
        assertProblem(agent.unmerge(999_999_999L), 404, "urn:parley:problem:not-found");
        assertProblem(
                agent.get("conversations/" + pair.first() + "/merge-preview"),
                400,
                "urn:parley:problem:invalid-request");
        assertProblem(
                agent.get("conversations/" + pair.first() + "/merge-preview?sourceIds=a,b"),
                400,
                "urn:parley:problem:invalid-request");
        assertProblem(asAgent(parley).merge(pair.first(), true, other.first()), 403, "urn:parley:problem:forbidden");
        assertProblem(
                parley.agent(null, null).merge(pair.first(), pair.second()), 401, "urn:parley:problem:unauthorized");
        assertProblem(parley.agent(null, null).unmerge(pair.second()), 401, "urn:parley:problem:unauthorized");
        assertProblem(
                parley.agent("admin", "wrong").merge(pair.first(), pair.second()),
                401,
                "urn:parley:problem:unauthorized");
        assertThat(parley.snapshot()).isEqualTo(before);
        assertThat(parley.count("select count(*) from merge_record where target_id = ?", pair.first()))
                .isZero();
    }

    @Test
    void suggestionsAndAuditNeedALoginAndValidFilters(Parley parley) {
        Pair pair = MergeIT.pair(parley, "Rita");
        AgentClient agent = asAgent(parley);

        Reply suggestions = agent.get("conversations/" + pair.second() + "/duplicates");
        assertThat(suggestions.status()).as(suggestions.toString()).isEqualTo(200);
        assertThat(suggestions.array()).isEmpty();
        assertProblem(agent.get("conversations/999999999/duplicates"), 404, "urn:parley:problem:not-found");
        assertProblem(
                parley.agent(null, null).get("conversations/" + pair.second() + "/duplicates"),
                401,
                "urn:parley:problem:unauthorized");

        Reply audit = agent.get("audit?contactId=" + pair.visitor().contactId() + "&size=2");
        assertThat(audit.status()).isEqualTo(200);
        assertThat(audit.array()).hasSize(2);
        assertThat(Long.parseLong(audit.header("X-Total-Count"))).isGreaterThan(2);
        for (String bad : new String[] {"conversationId=x", "contactId=0", "size=500", "page=x", "action="}) {
            assertProblem(agent.get("audit?" + bad), 400, "urn:parley:problem:invalid-request");
        }
        assertProblem(parley.agent(null, null).get("audit"), 401, "urn:parley:problem:unauthorized");
    }

    @Test
    void theScanIsForAdmins(Parley parley) {
        Reply scan = parley.agent().post("duplicates/scan", "");
        assertThat(scan.status()).as(scan.toString()).isEqualTo(200);
        assertThat(scan.json().keySet()).contains("groups", "contactsMerged", "suggested", "failed");
        assertProblem(asAgent(parley).post("duplicates/scan", ""), 403, "urn:parley:problem:forbidden");
        assertProblem(parley.agent(null, null).post("duplicates/scan", ""), 401, "urn:parley:problem:unauthorized");
    }

    @Test
    void theOpenApiDocumentDescribesTheAgentApi(Parley parley) throws Exception {
        HttpResponse<String> document = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(parley.uri("openapi").toString()))
                                .header("Accept", "application/json")
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(document.statusCode()).isEqualTo(200);
        assertThat(document.body()).contains("\"openapi\"");
        assertThat(document.body()).contains("\"/admin/api\"").doesNotContain("/v1/session");
        assertThat(document.body())
                .contains(
                        "/conversations/{id}/merge",
                        "/conversations/{id}/unmerge",
                        "/audit",
                        "/duplicates/scan",
                        "/agents");
    }
}
