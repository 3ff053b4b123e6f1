package dev.parley.it.identity;

import static dev.parley.it.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.it.support.AgentClient;
import dev.parley.it.support.Parley;
import dev.parley.it.support.ParleyServer;
import dev.parley.it.support.Reply;
import dev.parley.it.support.SocketClient;
import dev.parley.it.support.WidgetClient;
import dev.parley.it.support.WidgetClient.Visitor;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.websocket.CloseReason;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A verified visitor's devices through the agent API: an admin revokes one device (its socket closes
 * with 1008, its token is refused) while the other keeps chatting, then all of them; an agent may list
 * devices but not revoke them, and its attempts change nothing. Every revocation is audited.
 */
@ExtendWith(ParleyServer.class)
class DeviceRevocationIT {

    static final String AGENT_PASSWORD = "agent-password-123";

    @Test
    void anAdminRevokesOneDeviceThenAllAndAnAgentCannot(Parley parley) {
        WidgetClient widget = parley.widget();
        String user = Inboxes.user();
        Visitor laptop = widget.verifiedVisitor(user);
        Visitor phone = widget.verifiedVisitor(user);
        assertThat(phone.contactId()).isEqualTo(laptop.contactId());
        long contactId = laptop.contactId();
        long conversation = widget.start(laptop, "k1", WidgetClient.form("Vera", user + "@example.com", "Hello"))
                .id();
        AgentClient admin = parley.agent();

        JsonObject[] devices = devices(admin, contactId);
        assertThat(devices).hasSize(2);
        long laptopDevice = devices[0].getJsonNumber("tokenId").longValue();
        long phoneDevice = devices[1].getJsonNumber("tokenId").longValue();
        assertThat(devices)
                .allSatisfy(
                        device -> assertThat(device.containsKey("revokedAt")).isFalse());

        try (SocketClient laptopSocket = SocketClient.connect(parley, laptop.token());
                SocketClient phoneSocket = SocketClient.connect(parley, phone.token())) {
            AgentClient agent = newAgent(parley);
            assertThat(agent.get("contacts/" + contactId + "/devices").status()).isEqualTo(200);
            assertProblem(
                    agent.delete("contacts/" + contactId + "/devices/" + laptopDevice),
                    403,
                    "urn:parley:problem:forbidden");
            assertProblem(
                    agent.post("contacts/" + contactId + "/devices/revoke", ""), 403, "urn:parley:problem:forbidden");
            assertThat(parley.count(
                            "select count(*) from contact_token where contact_id = ? and revoked_at is not null",
                            contactId))
                    .isZero();
            assertThat(widget.get("conversations", laptop.token()).status()).isEqualTo(200);
            assertThat(laptopSocket.isOpen()).isTrue();
            assertThat(parley.count(
                            "select count(*) from audit_event where action = 'contact.tokens' and outcome = 'forbidden'"
                                    + " and actor like ?",
                            "%" + agentName(agent) + "%"))
                    .isEqualTo(2);

            Reply revoked = admin.delete("contacts/" + contactId + "/devices/" + laptopDevice);
            assertThat(revoked.status()).as(revoked.toString()).isEqualTo(204);
            CloseReason closed = laptopSocket.awaitClose();
            assertThat(closed.getCloseCode().getCode()).isEqualTo(1008);
            assertProblem(widget.get("conversations", laptop.token()), 401, "urn:parley:problem:unauthorized");
            try (SocketClient again = SocketClient.open(parley)) {
                again.hello(laptop.token());
                assertThat(again.awaitClose().getCloseCode().getCode()).isEqualTo(1008);
            }

            assertThat(widget.get("conversations", phone.token()).status()).isEqualTo(200);
            long reply = admin.replied(conversation, "Your phone still works");
            phoneSocket.awaitFrame(
                    frame -> "message.created".equals(frame.getString("type", null))
                            && frame.getJsonObject("message")
                                            .getJsonNumber("id")
                                            .longValue()
                                    == reply,
                    "the agent's reply on the phone");
            assertThat(phoneSocket.isOpen()).isTrue();
            devices = devices(admin, contactId);
            assertThat(devices[0].containsKey("revokedAt")).isTrue();
            assertThat(devices[1].containsKey("revokedAt")).isFalse();
            assertThat(devices[1].getJsonNumber("tokenId").longValue()).isEqualTo(phoneDevice);

            Reply all = admin.post("contacts/" + contactId + "/devices/revoke", "");
            assertThat(all.status()).as(all.toString()).isEqualTo(200);
            assertThat(all.array())
                    .hasSize(2)
                    .allSatisfy(device -> assertThat(device.asJsonObject().containsKey("revokedAt"))
                            .isTrue());
            assertThat(phoneSocket.awaitClose().getCloseCode().getCode()).isEqualTo(1008);
            assertProblem(widget.get("conversations", phone.token()), 401, "urn:parley:problem:unauthorized");
            assertProblem(widget.get("conversations", laptop.token()), 401, "urn:parley:problem:unauthorized");
        }

        List<List<Object>> audit = parley.rows(
                "select outcome, actor, detail from audit_event where action = 'contact.tokens' and contact_id = ?"
                        + " order by id",
                contactId);
        assertThat(audit)
                .containsExactly(
                        List.of("revoked", "agent:" + ParleyServer.ADMIN_USER, "revoked devices " + laptopDevice),
                        List.of("revoked", "agent:" + ParleyServer.ADMIN_USER, "revoked devices " + phoneDevice));
        assertThat(parley.count(
                        "select count(*) from contact_token where contact_id = ? and revoked_at is null", contactId))
                .isZero();
    }

    @Test
    void unknownContactsAndDevicesAndBadIdsAreProblemsThatChangeNothing(Parley parley) {
        WidgetClient widget = parley.widget();
        Visitor visitor = widget.verifiedVisitor(Inboxes.user());
        Visitor stranger = widget.newVisitor();
        long strangerDevice =
                parley.count("select max(id) from contact_token where contact_id = ?", stranger.contactId());
        AgentClient admin = parley.agent();

        assertProblem(admin.get("contacts/999999999/devices"), 404, "urn:parley:problem:not-found");
        assertProblem(admin.get("contacts/abc/devices"), 404, "urn:parley:problem:not-found");
        assertProblem(admin.post("contacts/0/devices/revoke", ""), 404, "urn:parley:problem:not-found");
        assertProblem(
                admin.delete("contacts/" + visitor.contactId() + "/devices/" + strangerDevice),
                404,
                "urn:parley:problem:not-found");
        assertProblem(
                admin.delete("contacts/" + visitor.contactId() + "/devices/x1"), 404, "urn:parley:problem:not-found");

        assertThat(widget.get("conversations", visitor.token()).status()).isEqualTo(200);
        assertThat(widget.get("conversations", stranger.token()).status()).isEqualTo(200);
        assertThat(parley.count(
                        "select count(*) from audit_event where action = 'contact.tokens' and contact_id in (?, ?)",
                        visitor.contactId(),
                        stranger.contactId()))
                .isZero();
    }

    static JsonObject[] devices(AgentClient client, long contactId) {
        Reply reply = client.get("contacts/" + contactId + "/devices");
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.array().stream().map(v -> v.asJsonObject()).toArray(JsonObject[]::new);
    }

    /** A new AGENT-role account (not an admin), over Basic. */
    static AgentClient newAgent(Parley parley) {
        String name = "dev-agent-" + UUID.randomUUID().toString().substring(0, 8);
        Reply created = parley.agent()
                .post(
                        "agents",
                        Json.createObjectBuilder()
                                .add("username", name)
                                .add("displayName", "Device Agent")
                                .add("password", AGENT_PASSWORD)
                                .add("role", "AGENT")
                                .build()
                                .toString());
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return parley.agent(name, AGENT_PASSWORD).withNewToken(parley.uri("admin/api/v1/"), "devices");
    }

    static String agentName(AgentClient agent) {
        return agent.get("agents/me").json().getString("username");
    }
}
