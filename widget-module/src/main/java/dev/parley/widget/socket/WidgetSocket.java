package dev.parley.widget.socket;

import dev.parley.contact.boundary.Contacts;
import dev.parley.contact.entity.ContactRef;
import dev.parley.problem.boundary.Jsonp;
import jakarta.inject.Inject;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCodes;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.io.StringReader;
import java.util.Optional;

/**
 * The widget's live channel at {@code /chat/ws}. The first frame must be
 * {@code {"type":"hello","token":"<contactToken>"}} (browsers cannot set headers on a WebSocket,
 * and a token in the URL would land in logs); until then the socket receives nothing, and a bad
 * token (unknown or revoked) closes it with 1008, and so does revoking its token later. Registered programmatically so that its path follows the packaging.
 */
public class WidgetSocket extends Endpoint {

    static final int FRAME_LIMIT = 8 * 1024;

    @Inject
    WidgetSessions sessions;

    @Inject
    Contacts contacts;

    @Inject
    SocketGuard guard;

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        session.setMaxTextMessageBufferSize(FRAME_LIMIT);
        session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> receive(session, text));
        guard.opened(session);
    }

    private void receive(Session session, String text) {
        Optional<JsonObject> frame = parse(text);
        if (frame.isEmpty()) {
            WidgetSessions.closeQuietly(session, new CloseReason(CloseCodes.CANNOT_ACCEPT, "malformed frame"));
            return;
        }
        String type = frame.get().getString("type", "");
        boolean authenticated = session.getUserProperties().containsKey("contactId");
        if (!authenticated) {
            hello(session, type, frame.get());
        } else if ("ping".equals(type)) {
            WidgetSessions.send(session, "{\"type\":\"pong\"}");
        } else if (type.startsWith("typing.")) {
            guard.typing(session);
        }
    }

    private void hello(Session session, String type, JsonObject frame) {
        Optional<ContactRef> contact =
                "hello".equals(type) ? contacts.authenticate(frame.getString("token", null)) : Optional.empty();
        if (contact.isEmpty()) {
            WidgetSessions.closeQuietly(session, new CloseReason(CloseCodes.VIOLATED_POLICY, "invalid token"));
            return;
        }
        if (!guard.hello(session, contact.get().contactId())) {
            return;
        }
        sessions.join(contact.get().contactId(), contact.get().tokenId(), session);
        WidgetSessions.send(
                session,
                Jsonp.objectBuilder()
                        .add("type", "ready")
                        .add("contactId", contact.get().contactId())
                        .build()
                        .toString());
    }

    private static Optional<JsonObject> parse(String text) {
        try (JsonReader reader = Jsonp.reader(new StringReader(text))) {
            return Optional.of(reader.readObject());
        } catch (JsonException | IllegalStateException malformed) {
            return Optional.empty();
        }
    }

    @Override
    public void onClose(Session session, CloseReason reason) {
        sessions.leave(session);
    }

    /**
     * A failure while handling a frame (say, the database refusing the hello's token lookup) would
     * otherwise leave the socket open and silent; closed with 1011, the widget reconnects and resyncs.
     */
    @Override
    public void onError(Session session, Throwable failure) {
        sessions.leave(session);
        WidgetSessions.closeQuietly(session, new CloseReason(CloseCodes.UNEXPECTED_CONDITION, "try again"));
    }
}
