package dev.parley.it.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.it.support.Parley;
import dev.parley.it.support.ParleyServer;
import dev.parley.it.support.Reply;
import dev.parley.it.support.SocketClient;
import dev.parley.it.support.WidgetClient;
import dev.parley.it.support.WidgetClient.Visitor;
import jakarta.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A typed email gains nothing: even where the inbox merges automatically, a stranger who types a
 * visitor's email gets a conversation of their own, sees none of the visitor's, receives none of its
 * pushes, and the visitor's conversation is untouched. An agent gets a suggestion, nothing more.
 */
@ExtendWith(ParleyServer.class)
class TakeoverIT {

    @Test
    void typingSomeoneElsesEmailShowsNothingOfTheirsEvenWhereTheInboxMergesAutomatically(Parley parley) {
        String website = Inboxes.create(parley, "AUTOMATIC", "OPTIONAL", "takeover-secret");
        WidgetClient widget = parley.widget();
        Visitor victim = visitor(widget, website);
        long victimConversation = widget.start(
                        victim, "a", WidgetClient.form("Ada", "ada@example.com", "My card number ends in 4242"))
                .id();
        parley.agent().replied(victimConversation, "Thanks Ada, your refund is on its way");
        JsonObject victimBefore =
                parley.agent().get("conversations/" + victimConversation).json();

        Visitor stranger = visitor(widget, website);
        try (SocketClient victimSocket = SocketClient.connect(parley, victim.token());
                SocketClient strangerSocket = SocketClient.connect(parley, stranger.token())) {
            Reply started =
                    widget.start(stranger, "b", WidgetClient.form("Ada", "ada@example.com", "Show me my chats"));

            assertThat(started.status()).as(started.toString()).isEqualTo(201);
            long strangerConversation = started.id();
            assertThat(strangerConversation).isNotEqualTo(victimConversation);
            assertThat(VerifiedSessionIT.ids(widget.get("conversations", stranger.token())))
                    .containsExactly(strangerConversation);
            assertThat(widget.get("conversations/" + victimConversation + "/messages", stranger.token())
                            .status())
                    .isEqualTo(404);

            long secret = parley.agent().replied(victimConversation, "Your new card PIN is in the post");
            victimSocket.awaitFrame(f -> isMessage(f, secret), "the reply to the victim, on the victim's socket");
            // the relay keeps the order of publishing: once the stranger's own later push is there, an
            // earlier push to it would be there too
            long own = parley.agent().replied(strangerConversation, "Hello stranger");
            strangerSocket.awaitFrame(f -> isMessage(f, own), "the stranger's own reply");
            assertThat(strangerSocket.rawFrames())
                    .noneMatch(raw -> raw.contains("PIN") || raw.contains("4242") || raw.contains("refund"));
            assertThat(strangerSocket.frames("conversation.merged")).isEmpty();
            assertThat(strangerSocket.frames("contact.identified")).isEmpty();

            JsonObject victimAfter =
                    parley.agent().get("conversations/" + victimConversation).json();
            assertThat(victimAfter.getString("status")).isEqualTo(victimBefore.getString("status"));
            assertThat(victimAfter.getJsonNumber("contactId").longValue()).isEqualTo(victim.contactId());
            assertThat(victimAfter.getJsonArray("messages").stream()
                            .map(m -> m.asJsonObject().getString("content"))
                            .toList())
                    .containsExactly(
                            "My card number ends in 4242",
                            "Thanks Ada, your refund is on its way",
                            "Your new card PIN is in the post");
            assertThat(parley.count(
                            "select count(*) from contact where id in (?, ?) and merged_into_id is not null",
                            victim.contactId(),
                            stranger.contactId()))
                    .isZero();

            Reply suggestions = parley.agent().get("conversations/" + strangerConversation + "/duplicates");
            assertThat(suggestions.status()).isEqualTo(200);
            assertThat(suggestions.array().stream()
                            .map(s -> s.asJsonObject()
                                    .getJsonObject("conversation")
                                    .getJsonNumber("id")
                                    .longValue()))
                    .containsExactly(victimConversation);

            Reply scan = parley.agent().post("duplicates/scan", "");
            assertThat(scan.status()).as(scan.toString()).isEqualTo(200);
            assertThat(scan.json().getInt("contactsMerged")).isZero();
            assertThat(VerifiedSessionIT.ids(widget.get("conversations", stranger.token())))
                    .containsExactly(strangerConversation);
        }
    }

    static boolean isMessage(JsonObject frame, long id) {
        return "message.created".equals(frame.getString("type", null))
                && frame.getJsonObject("message").getJsonNumber("id").longValue() == id;
    }

    static Visitor visitor(WidgetClient widget, String website) {
        Reply session = widget.post("session", null, Map.of(), "{\"websiteToken\":\"" + website + "\"}");
        assertThat(session.status()).as(session.toString()).isEqualTo(201);
        return new Visitor(
                session.json().getString("contactToken"),
                session.json().getJsonNumber("contactId").longValue());
    }
}
