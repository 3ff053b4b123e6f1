package dev.parley.it.agent;

import static dev.parley.it.agent.Workforce.assigneeOf;
import static dev.parley.it.agent.Workforce.chat;
import static dev.parley.it.agent.Workforce.hire;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.it.agent.Workforce.Chat;
import dev.parley.it.agent.Workforce.Member;
import dev.parley.it.support.Parley;
import dev.parley.it.support.ParleyServer;
import dev.parley.it.support.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Automatic round-robin assignment: with the inbox setting on, new conversations alternate between the agents
 * who are ONLINE; with nobody online they stay unassigned. Every other agent of the shared test server is set
 * OFFLINE first, and the setting is switched off again after each test.
 */
@ExtendWith(ParleyServer.class)
class AutoAssignIT {

    private Parley parley;

    @AfterEach
    void switchOff() {
        if (parley != null) {
            parley.agent().put("inbox/assignment", "{\"autoAssign\":false}");
        }
    }

    @Test
    void newConversationsAlternateBetweenTheAgentsOnline(Parley parley) {
        Member ann = hire(parley, "AGENT", "rr-a");
        Member bob = hire(parley, "AGENT", "rr-b");
        everybodyOffline(parley);
        online(ann);
        online(bob);
        switchOn(parley);

        List<Long> assignees = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Chat chat = chat(parley, "Round robin " + i);
            await().atMost(Duration.ofSeconds(20)).until(() -> assigneeOf(parley, chat.id()) != null);
            assignees.add(assigneeOf(parley, chat.id()));
            Reply details = ann.api().get("conversations/" + chat.id());
            assertThat(details.json()
                            .getJsonObject("assignee")
                            .getJsonNumber("id")
                            .longValue())
                    .isEqualTo(assignees.get(i));
        }

        assertThat(assignees).containsOnly(ann.id(), bob.id());
        assertThat(assignees.get(1)).isNotEqualTo(assignees.get(0));
        assertThat(assignees.get(2)).isEqualTo(assignees.get(0));
        assertThat(assignees.get(3)).isEqualTo(assignees.get(1));
        assertThat(parley.count(
                        "select count(*) from audit_event where action = 'conversation.assign' and actor = 'system'"
                                + " and detail like '% (round robin)' and detail like ?",
                        "%to " + ann.username() + "%"))
                .isEqualTo(2);
    }

    @Test
    void withNobodyOnlineNewConversationsStayUnassigned(Parley parley) {
        Member ann = hire(parley, "AGENT", "rr-away");
        everybodyOffline(parley);
        ann.api().put("agents/me/presence", "{\"status\":\"AWAY\"}");
        switchOn(parley);

        Chat chat = chat(parley, "Is anybody there?");

        await().during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(10))
                .until(() -> assigneeOf(parley, chat.id()) == null);
        assertThat(ann.api().get("conversations/" + chat.id()).json().containsKey("assignee"))
                .isFalse();
    }

    private void switchOn(Parley parley) {
        this.parley = parley;
        Reply on = parley.agent().put("inbox/assignment", "{\"autoAssign\":true}");
        assertThat(on.status()).as(on.toString()).isEqualTo(200);
        assertThat(on.json().getBoolean("autoAssign")).isTrue();
    }

    private static void everybodyOffline(Parley parley) {
        parley.execute("update agent set presence = 'OFFLINE'");
    }

    private static void online(Member member) {
        Reply reply = member.api().put("agents/me/presence", "{\"status\":\"ONLINE\"}");
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    }
}
