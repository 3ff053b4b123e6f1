package dev.parley.it.identity;

import static dev.parley.it.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.it.support.Parley;
import dev.parley.it.support.ParleyServer;
import dev.parley.it.support.Reply;
import dev.parley.it.support.SocketClient;
import dev.parley.it.support.WidgetClient;
import dev.parley.it.support.WidgetClient.Visitor;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code POST /identify}: an anonymous visitor logs in mid-chat. Its contact is merged into the
 * verified one, the two live conversations become one (audited, undoable), the visitor keeps every
 * message and its open socket switches to the verified contact without a reconnect.
 */
@ExtendWith(ParleyServer.class)
class IdentifyIT {

    @Test
    void identifyingMidChatMergesAndTheVisitorKeepsEveryMessageAndItsSocketFollows(Parley parley) {
        WidgetClient widget = parley.widget();
        String user = Inboxes.user();
        Visitor phone = widget.verifiedVisitor(user);
        long verifiedConversation = widget.start(
                        phone, "p1", WidgetClient.form("Cleo", "cleo@example.com", "From my phone"))
                .id();
        Visitor laptop = widget.newVisitor();
        long anonymousConversation = widget.start(
                        laptop, "l1", WidgetClient.form("Cleo", "cleo@example.com", "From my laptop, not logged in"))
                .id();
        parley.agent().replied(anonymousConversation, "Hello laptop");
        List<Long> before = messageIds(widget, laptop, anonymousConversation);

        try (SocketClient socket = SocketClient.connect(parley, laptop.token())) {
            Reply identified = widget.identify(laptop, user, ParleyServer.IDENTITY_SECRET);

            assertThat(identified.status()).as(identified.toString()).isEqualTo(200);
            assertThat(identified.json().getJsonNumber("contactId").longValue()).isEqualTo(phone.contactId());
            assertThat(identified.json().getBoolean("verified")).isTrue();
            assertThat(identified.json().getJsonNumber("conversationId").longValue())
                    .isEqualTo(verifiedConversation);
            JsonObject frame =
                    socket.awaitFrame(f -> f.getString("type").equals("contact.identified"), "contact.identified");
            assertThat(frame.getJsonNumber("contactId").longValue()).isEqualTo(phone.contactId());

            long reply = parley.agent().replied(verifiedConversation, "One conversation for both devices");
            socket.awaitFrame(
                    f -> f.getString("type").equals("message.created")
                            && f.getJsonObject("message").getJsonNumber("id").longValue() == reply,
                    "the identified conversation's next message, live on the laptop's socket");
        }
        List<Long> after = messageIds(widget, laptop, verifiedConversation);
        assertThat(after)
                .as("every message of the laptop's conversation is kept")
                .containsAll(before);
        assertThat(messageIds(widget, phone, verifiedConversation)).isEqualTo(after);
        assertThat(parley.count(
                        "select count(*) from conversation where contact_id = ? and active_contact_id is not null",
                        phone.contactId()))
                .isEqualTo(1);
        assertThat(parley.count("select merged_into_id from contact where id = ?", laptop.contactId()))
                .isEqualTo(phone.contactId());
        assertThat(parley.count(
                        "select count(*) from audit_event where action = 'contact.identify' and contact_id = ?"
                                + " and detail like ?",
                        phone.contactId(),
                        "verified identity " + user + "%"))
                .isEqualTo(1);
        assertThat(parley.agent().status(verifiedConversation, "RESOLVED").status())
                .isEqualTo(200);
        assertThat(parley.agent().unmerge(anonymousConversation).status())
                .as("the conversation merge is undoable like any other")
                .isEqualTo(200);
        assertThat(messageIds(widget, laptop, anonymousConversation)).containsAll(before);
    }

    @Test
    void anIdentifiedTokenIdentifiesAsItselfOnceMoreAndNeverAsASecondUser(Parley parley) {
        WidgetClient widget = parley.widget();
        String ann = Inboxes.user();
        String bob = Inboxes.user();
        Visitor visitor = widget.newVisitor();
        assertThat(widget.identify(visitor, ann, ParleyServer.IDENTITY_SECRET).status())
                .isEqualTo(200);
        List<Long> before = VerifiedSessionIT.rows(parley);

        Reply again = widget.identify(visitor, ann, ParleyServer.IDENTITY_SECRET);
        assertThat(again.status()).as(again.toString()).isEqualTo(200);
        assertProblem(
                widget.identify(visitor, bob, ParleyServer.IDENTITY_SECRET),
                409,
                "urn:parley:problem:identity-conflict");

        assertThat(VerifiedSessionIT.rows(parley).subList(0, 2)).isEqualTo(before.subList(0, 2));
        assertThat(parley.count("select count(*) from contact where identifier = ?", bob))
                .isZero();
    }

    @Test
    void anIdentifyThatCannotBeVerifiedWritesNothing(Parley parley) {
        WidgetClient widget = parley.widget();
        Visitor visitor = widget.newVisitor();
        String user = Inboxes.user();
        List<Long> before = VerifiedSessionIT.rows(parley);

        assertProblem(widget.identify(visitor, user, "not-the-secret"), 401, "urn:parley:problem:unauthorized");
        assertProblem(
                widget.post("identify", visitor.token(), Map.of(), "{\"identifier\":\"" + user + "\"}"),
                401,
                "urn:parley:problem:unauthorized");
        assertProblem(
                widget.post("identify", visitor.token(), Map.of(), "{\"identifierHash\":\"00\"}"),
                400,
                "urn:parley:problem:invalid-request");
        assertProblem(
                widget.identify(new Visitor("x".repeat(43), 0), user, ParleyServer.IDENTITY_SECRET),
                401,
                "urn:parley:problem:unauthorized");

        assertThat(VerifiedSessionIT.rows(parley)).isEqualTo(before);
        assertThat(parley.count(
                        "select count(*) from contact where id = ? and merged_into_id is null and identifier is null",
                        visitor.contactId()))
                .isEqualTo(1);
    }

    static List<Long> messageIds(WidgetClient widget, Visitor visitor, long conversationId) {
        return widget.get("conversations/" + conversationId + "/messages", visitor.token()).array().stream()
                .map(m -> m.asJsonObject().getJsonNumber("id").longValue())
                .toList();
    }
}
