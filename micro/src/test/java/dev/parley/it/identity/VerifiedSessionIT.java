package dev.parley.it.identity;

import static dev.parley.it.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.it.support.Parley;
import dev.parley.it.support.ParleyServer;
import dev.parley.it.support.Reply;
import dev.parley.it.support.WidgetClient;
import dev.parley.it.support.WidgetClient.Visitor;
import jakarta.json.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code POST /session} with a verified identity: one contact per user and inbox however many devices
 * it comes from, a token per device; every identity that cannot be verified is refused and leaves no
 * row behind (contacts, tokens, not even an audit entry).
 */
@ExtendWith(ParleyServer.class)
class VerifiedSessionIT {

    @Test
    void twoDevicesOfOneVerifiedUserAreOneContactWithTwoTokensAndListTheSameConversations(Parley parley) {
        WidgetClient widget = parley.widget();
        String user = Inboxes.user();

        Reply laptop = widget.verifiedSession(ParleyServer.WEBSITE_TOKEN, user, ParleyServer.IDENTITY_SECRET, null);
        Reply phone = widget.verifiedSession(ParleyServer.WEBSITE_TOKEN, user, ParleyServer.IDENTITY_SECRET, null);

        assertThat(laptop.status()).as(laptop.toString()).isEqualTo(201);
        assertThat(phone.status()).as(phone.toString()).isEqualTo(200);
        assertThat(laptop.json().getBoolean("verified")).isTrue();
        assertThat(phone.json().getBoolean("verified")).isTrue();
        long contactId = laptop.json().getJsonNumber("contactId").longValue();
        assertThat(phone.json().getJsonNumber("contactId").longValue()).isEqualTo(contactId);
        String laptopToken = laptop.json().getString("contactToken");
        String phoneToken = phone.json().getString("contactToken");
        assertThat(phoneToken).isNotEqualTo(laptopToken);
        assertThat(parley.count("select count(*) from contact where identifier = ?", user))
                .isEqualTo(1);
        assertThat(parley.count("select count(*) from contact_token where contact_id = ?", contactId))
                .isEqualTo(2);
        assertThat(parley.count(
                        "select count(*) from contact_token where token_hash in (?, ?)", laptopToken, phoneToken))
                .as("tokens are stored only as their SHA-256")
                .isZero();

        long conversation = widget.start(
                        new Visitor(laptopToken, contactId), "k1", WidgetClient.form("Ann", "ann@example.com", "Hi"))
                .id();
        Reply fromPhone = widget.start(
                new Visitor(phoneToken, contactId), "k2", WidgetClient.form("Ann", "ann@example.com", "Hi again"));

        assertThat(fromPhone.status()).as(fromPhone.toString()).isEqualTo(200);
        assertThat(fromPhone.id()).isEqualTo(conversation);
        assertThat(ids(widget.get("conversations", phoneToken)))
                .isEqualTo(ids(widget.get("conversations", laptopToken)))
                .containsExactly(conversation);
        assertThat(parley.count(
                        "select count(*) from audit_event where action = 'session.start' and contact_id = ?"
                                + " and detail like ?",
                        contactId,
                        "verified identity " + user + "%"))
                .isEqualTo(2);
        assertThat(parley.agent()
                        .get("conversations/" + conversation)
                        .json()
                        .getJsonObject("contact")
                        .getBoolean("verified"))
                .isTrue();
    }

    @Test
    void anAnonymousSessionSaysItIsNotVerifiedAndNameAndEmailNameTheVerifiedContact(Parley parley) {
        WidgetClient widget = parley.widget();
        Reply anonymous =
                widget.post("session", null, Map.of(), "{\"websiteToken\":\"" + ParleyServer.WEBSITE_TOKEN + "\"}");
        assertThat(anonymous.status()).isEqualTo(201);
        assertThat(anonymous.json().getBoolean("verified")).isFalse();

        String user = Inboxes.user();
        Reply named = widget.post(
                "session",
                null,
                Map.of(),
                Json.createObjectBuilder()
                        .add("websiteToken", ParleyServer.WEBSITE_TOKEN)
                        .add("identifier", user)
                        .add("identifierHash", WidgetClient.identityHash(ParleyServer.IDENTITY_SECRET, user))
                        .add("name", "Bea")
                        .add("email", "Bea@Example.com")
                        .build()
                        .toString());
        assertThat(named.status()).as(named.toString()).isEqualTo(201);
        assertThat(parley.rows("select name, email from contact where identifier = ?", user))
                .containsExactly(List.of("Bea", "bea@example.com"));
    }

    @Test
    void anIdentityThatCannotBeVerifiedIsRefusedAndWritesNothing(Parley parley) {
        WidgetClient widget = parley.widget();
        String user = Inboxes.user();
        String valid = WidgetClient.identityHash(ParleyServer.IDENTITY_SECRET, user);
        String oversized = "u".repeat(256);
        List<Long> before = rows(parley);

        assertProblem(
                session(widget, ParleyServer.WEBSITE_TOKEN, user, WidgetClient.identityHash("not-the-secret", user)),
                401,
                "urn:parley:problem:unauthorized");
        assertProblem(session(widget, ParleyServer.WEBSITE_TOKEN, user, null), 401, "urn:parley:problem:unauthorized");
        assertProblem(
                session(widget, ParleyServer.WEBSITE_TOKEN, user, valid.substring(2)),
                401,
                "urn:parley:problem:unauthorized");
        assertProblem(
                session(widget, ParleyServer.WEBSITE_TOKEN, "other-" + user, valid),
                401,
                "urn:parley:problem:unauthorized");
        assertProblem(
                session(
                        widget,
                        ParleyServer.WEBSITE_TOKEN,
                        oversized,
                        WidgetClient.identityHash(ParleyServer.IDENTITY_SECRET, oversized)),
                400,
                "urn:parley:problem:invalid-request");
        assertProblem(
                session(widget, ParleyServer.WEBSITE_TOKEN, "user\u0007", valid),
                400,
                "urn:parley:problem:invalid-request");
        assertProblem(
                session(widget, ParleyServer.WEBSITE_TOKEN, "   ", valid), 400, "urn:parley:problem:invalid-request");

        assertThat(rows(parley)).isEqualTo(before);
        assertThat(parley.count("select count(*) from contact where identifier like ?", "%" + user))
                .isZero();
    }

    @Test
    void afterTheSecretIsRotatedHashesOfTheOldSecretAreRefused(Parley parley) {
        WidgetClient widget = parley.widget();
        String website = Inboxes.create(parley, "SUGGEST", "OPTIONAL", "first-secret");
        String user = Inboxes.user();
        Reply first = widget.verifiedSession(website, user, "first-secret", null);
        assertThat(first.status()).as(first.toString()).isEqualTo(201);

        // what InboxSettings.rotateIdentitySecret stores; the console's button is another page
        parley.execute("update inbox set identity_secret = ? where website_token = ?", "second-secret", website);
        List<Long> before = rows(parley);

        assertProblem(
                widget.verifiedSession(website, user, "first-secret", null), 401, "urn:parley:problem:unauthorized");
        assertThat(rows(parley)).isEqualTo(before);
        Reply second = widget.verifiedSession(website, user, "second-secret", null);
        assertThat(second.status()).as(second.toString()).isEqualTo(200);
        assertThat(second.json().getJsonNumber("contactId").longValue())
                .isEqualTo(first.json().getJsonNumber("contactId").longValue());
    }

    @Test
    void whereVerificationIsRequiredAnonymousVisitorsAreRefusedAndWhereItIsOffIdentifiersAre(Parley parley) {
        WidgetClient widget = parley.widget();
        String required = Inboxes.create(parley, "SUGGEST", "REQUIRED", "required-secret");
        String off = Inboxes.create(parley, "SUGGEST", "OFF", "off-secret");
        String user = Inboxes.user();
        List<Long> before = rows(parley);

        assertProblem(
                widget.post("session", null, Map.of(), "{\"websiteToken\":\"" + required + "\"}"),
                401,
                "urn:parley:problem:unauthorized");
        assertProblem(widget.verifiedSession(off, user, "off-secret", null), 401, "urn:parley:problem:unauthorized");
        assertThat(rows(parley)).isEqualTo(before);

        assertThat(widget.verifiedSession(required, user, "required-secret", null)
                        .status())
                .isEqualTo(201);
        assertThat(widget.post("session", null, Map.of(), "{\"websiteToken\":\"" + off + "\"}")
                        .status())
                .isEqualTo(201);
    }

    static Reply session(WidgetClient widget, String website, String identifier, String hash) {
        var body = Json.createObjectBuilder().add("websiteToken", website).add("identifier", identifier);
        if (hash != null) {
            body.add("identifierHash", hash);
        }
        return widget.post("session", null, Map.of(), body.build().toString());
    }

    /** Rows of the tables a session writes: contacts, tokens, audit entries. */
    static List<Long> rows(Parley parley) {
        return List.of(
                parley.count("select count(*) from contact"),
                parley.count("select count(*) from contact_token"),
                parley.count("select count(*) from audit_event"));
    }

    static List<Long> ids(Reply list) {
        return list.array().stream()
                .map(c -> c.asJsonObject().getJsonNumber("id").longValue())
                .toList();
    }
}
