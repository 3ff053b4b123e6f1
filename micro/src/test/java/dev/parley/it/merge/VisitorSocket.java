package dev.parley.it.merge;


import dev.parley.it.support.Parley;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.glassfish.tyrus.client.ClientManager;

/** A visitor's widget socket ({@code /chat/ws}) that records every frame, for asserting live pushes. */
final class VisitorSocket implements AutoCloseable {

    private static final ClientManager CLIENTS = ClientManager.createClient();

    private final List<JsonObject> frames = new CopyOnWriteArrayList<>();
    private Session session;

    static VisitorSocket connect(Parley parley, String contactToken) {
        VisitorSocket socket = new VisitorSocket();
        URI endpoint = URI.create(parley.uri("chat/ws").toString().replaceFirst("^http", "ws"));
        try {
            socket.session = CLIENTS.connectToServer(new Endpoint() {
                @Override
                public void onOpen(Session session, EndpointConfig config) {
                    session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text ->
                            socket.frames.add(Json.createReader(new StringReader(text)).readObject()));
                }
            }, ClientEndpointConfig.Builder.create().build(), endpoint);
            socket.session.getBasicRemote().sendText(Json.createObjectBuilder().add("type", "hello")
                    .add("token", contactToken).build().toString());
        } catch (Exception e) {
            throw new IllegalStateException("cannot connect to " + endpoint, e);
        }
        socket.await(frame -> frame.getString("type", "").equals("ready"));
        return socket;
    }

    JsonObject await(Predicate<JsonObject> wanted) {
        return org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(
                () -> frames.stream().filter(wanted).findFirst().orElse(null), frame -> frame != null);
    }

    List<JsonObject> frames() {
        return frames;
    }

    @Override
    public void close() {
        try {
            session.close(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "done"));
        } catch (IOException | IllegalStateException alreadyClosed) {
            // nothing to close
        }
    }
}
