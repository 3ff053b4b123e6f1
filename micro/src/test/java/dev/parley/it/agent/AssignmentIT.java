package dev.parley.it.agent;

import static dev.parley.it.agent.Workforce.assign;
import static dev.parley.it.agent.Workforce.assigneeOf;
import static dev.parley.it.agent.Workforce.chat;
import static dev.parley.it.agent.Workforce.hire;
import static dev.parley.it.agent.Workforce.take;
import static dev.parley.it.agent.Workforce.unread;
import static dev.parley.it.agent.Workforce.visitorWrites;
import static dev.parley.it.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.it.agent.Workforce.Chat;
import dev.parley.it.agent.Workforce.Member;
import dev.parley.it.support.Parley;
import dev.parley.it.support.ParleyServer;
import dev.parley.it.support.Race;
import dev.parley.it.support.Reply;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The agent API's assignment, seen marks and presence: take, assign and unassign with who may do what,
 * a take race with one winner, unread counts per agent, the list's assignee filter, text search and
 * mine-first order, and bad input that changes nothing.
 */
@ExtendWith(ParleyServer.class)
class AssignmentIT {

    @Test
    void anAgentTakesAnUnassignedConversationAndTakingAgainIsStillOk(Parley parley) {
        Member ann = hire(parley, "AGENT", "take");
        Chat chat = chat(parley, "Who helps me?");

        Reply taken = take(ann.api(), chat.id());
        Reply again = take(ann.api(), chat.id());

        assertThat(taken.status()).as(taken.toString()).isEqualTo(200);
        JsonObject assignee = taken.json().getJsonObject("assignee");
        assertThat(assignee.getJsonNumber("id").longValue()).isEqualTo(ann.id());
        assertThat(assignee.getString("username")).isEqualTo(ann.username());
        assertThat(assignee.getString("displayName")).isEqualTo("Agent take");
        assertThat(again.status()).as(again.toString()).isEqualTo(200);
        assertThat(assigneeOf(parley, chat.id())).isEqualTo(ann.id());
        assertThat(parley.count(
                        "select count(*) from audit_event where action = 'conversation.take' and outcome = 'assigned'"
                                + " and actor = ? and conversation_id = ? and detail = ?",
                        "agent:" + ann.username(),
                        chat.id(),
                        "from nobody to " + ann.username()))
                .isEqualTo(1);
        JsonObject details = ann.api().get("conversations/" + chat.id()).json();
        assertThat(details.getJsonObject("assignee").getJsonNumber("id").longValue())
                .isEqualTo(ann.id());
    }

    @Test
    void takingAnotherAgentsConversationIsAConflictThatNamesTheHolder(Parley parley) {
        Member ann = hire(parley, "AGENT", "holder");
        Member bob = hire(parley, "AGENT", "late");
        Chat chat = chat(parley, "Hello there");
        assertThat(take(ann.api(), chat.id()).status()).isEqualTo(200);

        Reply late = take(bob.api(), chat.id());

        assertProblem(late, 409, "urn:parley:problem:already-assigned");
        assertThat(late.json().getString("detail")).contains(ann.username());
        assertThat(assigneeOf(parley, chat.id())).isEqualTo(ann.id());
    }

    @Test
    void anAgentHandsOverAndUnassignsItsOwnButNotAnothersWhichAnAdminMay(Parley parley) {
        Member ann = hire(parley, "AGENT", "own");
        Member bob = hire(parley, "AGENT", "other");
        Chat chat = chat(parley, "Hand me over");
        assertThat(take(ann.api(), chat.id()).status()).isEqualTo(200);

        Reply handedOver = assign(ann.api(), chat.id(), bob.id());
        Reply takeOver = assign(ann.api(), chat.id(), ann.id());
        Reply unassignOthers = assign(ann.api(), chat.id(), null);

        assertThat(handedOver.status()).as(handedOver.toString()).isEqualTo(200);
        assertThat(handedOver.json().getJsonObject("assignee").getString("username"))
                .isEqualTo(bob.username());
        assertProblem(takeOver, 403, "urn:parley:problem:forbidden");
        assertProblem(unassignOthers, 403, "urn:parley:problem:forbidden");
        assertThat(assigneeOf(parley, chat.id())).isEqualTo(bob.id());

        Reply byAdmin = assign(parley.agent(), chat.id(), ann.id());
        Reply unassigned = assign(ann.api(), chat.id(), null);

        assertThat(byAdmin.status()).as(byAdmin.toString()).isEqualTo(200);
        assertThat(unassigned.status()).as(unassigned.toString()).isEqualTo(200);
        assertThat(unassigned.json().containsKey("assignee")).isFalse();
        assertThat(assigneeOf(parley, chat.id())).isNull();
        assertThat(parley.count(
                        "select count(*) from audit_event where action = 'conversation.assign' and conversation_id = ?"
                                + " and outcome = 'refused' and detail like '403 %'",
                        chat.id()))
                .isEqualTo(2);
        assertThat(parley.count(
                        "select count(*) from audit_event where action = 'conversation.assign' and conversation_id = ?"
                                + " and detail = ?",
                        chat.id(),
                        "from " + bob.username() + " to " + ann.username()))
                .isEqualTo(1);
    }

    @Test
    void aMergedConversationIsNotAssigned(Parley parley) {
        Chat target = chat(parley, "First");
        Chat source = chat(parley, "Second");
        assertThat(parley.agent().merge(target.id(), true, source.id()).status())
                .isEqualTo(200);

        assertProblem(take(parley.agent(), source.id()), 409, "urn:parley:problem:merged");
        assertThat(assigneeOf(parley, source.id())).isNull();
    }

    @Test
    void ofAgentsRacingToTakeOneConversationExactlyOneGetsIt(Parley parley) {
        List<Member> agents = Race.run(6, i -> hire(parley, "AGENT", "race" + i));
        Chat chat = chat(parley, "Anyone?");

        List<Reply> replies = Race.run(agents.size(), i -> take(agents.get(i).api(), chat.id()));

        assertThat(replies.stream().map(Reply::status).collect(Collectors.toList()))
                .as(replies.toString())
                .containsOnly(200, 409)
                .containsOnlyOnce(200);
        int winner = replies.stream().map(Reply::status).toList().indexOf(200);
        assertThat(assigneeOf(parley, chat.id())).isEqualTo(agents.get(winner).id());
        replies.stream()
                .filter(reply -> reply.status() == 409)
                .forEach(reply -> assertThat(reply.json().getString("detail"))
                        .contains(agents.get(winner).username()));
        assertThat(parley.count(
                        "select count(*) from audit_event where action = 'conversation.take' and outcome = 'assigned'"
                                + " and conversation_id = ?",
                        chat.id()))
                .isEqualTo(1);
    }

    @Test
    void unreadCountsAreEachAgentsOwn(Parley parley) {
        Member ann = hire(parley, "AGENT", "reader");
        Member bob = hire(parley, "AGENT", "busy");
        Chat chat = chat(parley, "One");
        visitorWrites(parley, chat, "Two");
        visitorWrites(parley, chat, "Three");
        parley.agent().replied(chat.id(), "An agent's answer is never unread");

        assertThat(unread(ann.api(), chat.id())).isEqualTo(3);
        assertThat(unread(bob.api(), chat.id())).isEqualTo(3);

        Reply seen = ann.api().post("conversations/" + chat.id() + "/seen", "");

        assertThat(seen.status()).as(seen.toString()).isEqualTo(200);
        assertThat(seen.json().getJsonNumber("unread").longValue()).isZero();
        assertThat(seen.json().getJsonNumber("lastSeenMessageId").longValue())
                .isEqualTo(parley.count("select max(id) from message where conversation_id = ?", chat.id()));
        assertThat(unread(ann.api(), chat.id())).isZero();
        assertThat(unread(bob.api(), chat.id())).isEqualTo(3);

        visitorWrites(parley, chat, "Four");

        assertThat(unread(ann.api(), chat.id())).isEqualTo(1);
        assertThat(unread(bob.api(), chat.id())).isEqualTo(4);
        JsonObject inList = ann.api().get("conversations?assignee=none&q=vic&size=200").array().stream()
                .map(JsonValue::asJsonObject)
                .filter(c -> c.getJsonNumber("id").longValue() == chat.id())
                .findFirst()
                .orElseThrow();
        assertThat(inList.getJsonNumber("unread").longValue()).isEqualTo(1);
    }

    @Test
    void seenNeverMovesBackwardsWhenTabsCallItTogether(Parley parley) {
        Member ann = hire(parley, "AGENT", "tabs");
        Chat chat = chat(parley, "Many tabs");
        visitorWrites(parley, chat, "More");

        List<Reply> replies = Race.run(4, i -> ann.api().post("conversations/" + chat.id() + "/seen", ""));

        assertThat(replies)
                .allSatisfy(
                        reply -> assertThat(reply.status()).as(reply.toString()).isEqualTo(200));
        assertThat(parley.count(
                        "select last_seen_message_id from conversation_seen where agent_id = ? and conversation_id = ?",
                        ann.id(),
                        chat.id()))
                .isEqualTo(parley.count("select max(id) from message where conversation_id = ?", chat.id()));
        assertThat(unread(ann.api(), chat.id())).isZero();
    }

    @Test
    void theListFiltersByAssigneeAndTextAndPutsMineFirst(Parley parley) {
        Member ann = hire(parley, "AGENT", "lists");
        String word = "zebra" + System.nanoTime();
        Chat mine = chat(parley, "About the " + word + " please");
        Chat unassigned = chat(parley, "Also " + word.toUpperCase());
        Chat other = chat(parley, "Nothing to see");
        assertThat(take(ann.api(), mine.id()).status()).isEqualTo(200);

        Set<Long> byMe = ids(ann.api().get("conversations?assignee=me&size=200"));
        Set<Long> byId = ids(ann.api().get("conversations?assignee=" + ann.id() + "&size=200"));
        Set<Long> byNone = ids(ann.api().get("conversations?assignee=none&size=200"));
        Set<Long> byText = ids(ann.api().get("conversations?q=" + word + "&size=200"));
        List<Long> mineFirst = ann.api().get("conversations?mineFirst=true&size=5").array().stream()
                .map(v -> v.asJsonObject().getJsonNumber("id").longValue())
                .toList();

        assertThat(byMe).containsExactly(mine.id());
        assertThat(byId).containsExactly(mine.id());
        assertThat(byNone).contains(unassigned.id(), other.id()).doesNotContain(mine.id());
        assertThat(byText).containsExactlyInAnyOrder(mine.id(), unassigned.id());
        assertThat(mineFirst.get(0)).isEqualTo(mine.id());
        Reply total = ann.api().get("conversations?assignee=me");
        assertThat(total.header("X-Total-Count")).isEqualTo("1");
    }

    @Test
    void presenceIsReportedAndShownInTheAgentList(Parley parley) {
        Member ann = hire(parley, "AGENT", "presence");

        Reply online = ann.api().put("agents/me/presence", "{\"status\":\"ONLINE\"}");
        Reply away = ann.api().put("agents/me/presence", "{\"status\":\"AWAY\"}");

        assertThat(online.status()).as(online.toString()).isEqualTo(200);
        assertThat(online.json().getString("presence")).isEqualTo("ONLINE");
        assertThat(online.json().getString("lastActiveAt")).isNotBlank();
        assertThat(away.json().getString("presence")).isEqualTo("AWAY");
        JsonObject listed = parley.agent().get("agents").array().stream()
                .map(JsonValue::asJsonObject)
                .filter(agent -> agent.getString("username").equals(ann.username()))
                .findFirst()
                .orElseThrow();
        assertThat(listed.getString("presence")).isEqualTo("AWAY");
        assertThat(ann.api().get("agents/me").json().getString("presence")).isEqualTo("AWAY");
        assertThat(parley.count(
                        "select count(*) from audit_event where action = 'agent.presence' and actor = ?",
                        "agent:" + ann.username()))
                .isEqualTo(2);
        ann.api().put("agents/me/presence", "{\"status\":\"OFFLINE\"}");
    }

    @Test
    void badInputIsRefusedAndChangesNothing(Parley parley) {
        Member ann = hire(parley, "AGENT", "bad");
        Chat chat = chat(parley, "Bad input ahead");
        Map<String, Long> before = parley.snapshot();
        String base = "conversations/" + chat.id();

        assertProblem(take(ann.api(), 999_999_999L), 404, "urn:parley:problem:not-found");
        assertProblem(ann.api().post("conversations/abc/take", ""), 404, "urn:parley:problem:not-found");
        assertProblem(ann.api().post("conversations/abc/seen", ""), 404, "urn:parley:problem:not-found");
        assertProblem(
                ann.api().post("conversations/abc/assignee", "{\"agentId\":1}"), 404, "urn:parley:problem:not-found");
        assertProblem(ann.api().post("conversations/999999999/seen", ""), 404, "urn:parley:problem:not-found");
        assertProblem(assign(ann.api(), chat.id(), 999_999_999L), 422, "urn:parley:problem:unknown-agent");
        for (String body :
                List.of("{}", "{\"agentId\":\"7\"}", "{\"agentId\":0}", "{\"agentId\":-1}", "{\"agentId\":1.5}")) {
            assertProblem(ann.api().post(base + "/assignee", body), 400, "urn:parley:problem:invalid-request");
        }
        assertProblem(ann.api().post(base + "/assignee", "{\"agentId\":"), 400, "urn:parley:problem:bad-request");
        assertProblem(ann.api().post(base + "/assignee", "[]"), 400, "urn:parley:problem:bad-request");
        for (String query : List.of("assignee=someone", "assignee=0", "assignee=-3", "mineFirst=maybe", "q=")) {
            assertProblem(ann.api().get("conversations?" + query), 400, "urn:parley:problem:invalid-request");
        }
        assertProblem(
                ann.api().put("agents/me/presence", "{\"status\":\"BUSY\"}"),
                400,
                "urn:parley:problem:invalid-request");
        assertProblem(
                ann.api().put("agents/me/presence", "{\"status\":\"online\"}"),
                400,
                "urn:parley:problem:invalid-request");
        assertProblem(ann.api().put("agents/me/presence", "{}"), 400, "urn:parley:problem:invalid-request");
        assertProblem(ann.api().put("agents/me/presence", "{\"status\""), 400, "urn:parley:problem:bad-request");

        assertThat(parley.snapshot()).isEqualTo(before);
        assertThat(assigneeOf(parley, chat.id())).isNull();
        assertThat(parley.count("select count(*) from conversation_seen where agent_id = ?", ann.id()))
                .isZero();
        assertThat(parley.rows("select presence from agent where id = ?", ann.id())
                        .get(0)
                        .get(0))
                .isEqualTo("OFFLINE");
    }

    @Test
    void everyNewEndpointNeedsALogin(Parley parley) {
        Chat chat = chat(parley, "Anonymous?");
        var anonymous = parley.agent(null, null);

        assertProblem(take(anonymous, chat.id()), 401, "urn:parley:problem:unauthorized");
        assertProblem(assign(anonymous, chat.id(), null), 401, "urn:parley:problem:unauthorized");
        assertProblem(
                anonymous.post("conversations/" + chat.id() + "/seen", ""), 401, "urn:parley:problem:unauthorized");
        assertProblem(
                anonymous.put("agents/me/presence", "{\"status\":\"ONLINE\"}"), 401, "urn:parley:problem:unauthorized");
        assertProblem(anonymous.get("inbox/assignment"), 401, "urn:parley:problem:unauthorized");
        assertThat(assigneeOf(parley, chat.id())).isNull();
    }

    @Test
    void onlyAnAdminSwitchesAutomaticAssignment(Parley parley) {
        Member ann = hire(parley, "AGENT", "switch");

        Reply read = ann.api().get("inbox/assignment");
        Reply refused = ann.api().put("inbox/assignment", "{\"autoAssign\":true}");

        assertThat(read.status()).as(read.toString()).isEqualTo(200);
        assertThat(read.json().getBoolean("autoAssign")).isFalse();
        assertProblem(refused, 403, "urn:parley:problem:forbidden");
        assertProblem(
                parley.agent().put("inbox/assignment", "{\"autoAssign\":\"yes\"}"),
                400,
                "urn:parley:problem:invalid-request");
        assertThat(ann.api().get("inbox/assignment").json().getBoolean("autoAssign"))
                .isFalse();
    }

    @Test
    void theTextSearchFindsAConversationByNameEmailOrAnyMessageAndAShortTextToo(Parley parley) {
        dev.parley.it.support.WidgetClient widget = parley.widget();
        String word = "pgq" + System.nanoTime();
        long id = widget.start(
                        widget.newVisitor(),
                        "k",
                        dev.parley.it.support.WidgetClient.form(
                                "Name " + word, "mail" + word + "@example.com", "About the " + word))
                .id();
        assertThat(parley.agent().reply(id, "An agent says " + word + "-reply").status())
                .isEqualTo(201);

        for (String text : List.of(
                "NAME " + word, "MAIL" + word + "@", "about the " + word.toUpperCase(), word + "-reply", word)) {
            Set<Long> found = ids(parley.agent()
                    .get("conversations?size=200&q="
                            + java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8)));
            assertThat(found).as(text).containsExactly(id);
        }
        assertThat(ids(parley.agent().get("conversations?q=" + word + "-nowhere")))
                .isEmpty();
        assertThat(ids(parley.agent().get("conversations?size=200&q=pg")))
                .as("under 3 characters: no trigram, still answered")
                .contains(id);
    }

    private static Set<Long> ids(Reply list) {
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        return list.array().stream()
                .map(v -> v.asJsonObject().getJsonNumber("id").longValue())
                .collect(Collectors.toSet());
    }
}
