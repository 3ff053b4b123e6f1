package dev.parley.it.support;

import static org.awaitility.Awaitility.await;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.glassfish.tyrus.client.ClientManager;

/** A Java client of the widget WebSocket ({@code /chat/ws}), recording every frame it receives. */
public final class SocketClient implements AutoCloseable {

    public static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static final ClientManager CLIENTS = ClientManager.createClient();

    private final List<JsonObject> frames = new CopyOnWriteArrayList<>();
    private final List<String> raw = new CopyOnWriteArrayList<>();
    private final CompletableFuture<CloseReason> closed = new CompletableFuture<>();
    private final CountDownLatch ready = new CountDownLatch(1);
    private volatile Consumer<JsonObject> listener = frame -> {};
    private volatile Session session;

    private SocketClient() {}

    public static URI endpoint(Parley parley) {
        URI base = parley.uri("chat/ws");
        return URI.create(base.toString().replaceFirst("^http", "ws"));
    }

    /** Opens the socket; nothing is sent yet. */
    public static SocketClient open(Parley parley) {
        SocketClient client = new SocketClient();
        try {
            client.session = CLIENTS.connectToServer(
                    client.new Handler(), ClientEndpointConfig.Builder.create().build(), endpoint(parley));
        } catch (DeploymentException | IOException e) {
            throw new IllegalStateException("cannot connect to " + endpoint(parley), e);
        }
        return client;
    }

    /** Opens the socket, says hello with the contact token and waits for {@code ready}. */
    public static SocketClient connect(Parley parley, String contactToken) {
        SocketClient client = open(parley);
        client.hello(contactToken);
        client.awaitReady();
        return client;
    }

    /** Called for every frame after it is recorded (on Tyrus' thread). */
    public SocketClient onFrame(Consumer<JsonObject> listener) {
        this.listener = listener;
        return this;
    }

    public void hello(String token) {
        send(Json.createObjectBuilder()
                .add("type", "hello")
                .add("token", token)
                .build()
                .toString());
    }

    public void send(String text) {
        try {
            session.getBasicRemote().sendText(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public JsonObject awaitReady() {
        try {
            if (!ready.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new AssertionError(
                        "no ready frame within " + TIMEOUT + "; got " + raw + ", closed: " + closeReason());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return frames("ready").get(0);
    }

    public CloseReason awaitClose() {
        try {
            return closed.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the server did not close the socket within " + TIMEOUT + "; frames: " + raw, e);
        }
    }

    public CloseReason closeReason() {
        return closed.getNow(null);
    }

    public List<JsonObject> frames() {
        return List.copyOf(frames);
    }

    public List<String> rawFrames() {
        return List.copyOf(raw);
    }

    public List<JsonObject> frames(String type) {
        return frames.stream()
                .filter(frame -> type.equals(frame.getString("type", null)))
                .toList();
    }

    /** {@code message.created} events, in arrival order. */
    public List<JsonObject> messageEvents() {
        return frames("message.created");
    }

    public JsonObject awaitFrame(Predicate<JsonObject> condition, String description) {
        return await(description)
                .atMost(TIMEOUT)
                .pollInterval(Duration.ofMillis(20))
                .until(() -> frames.stream().filter(condition).findFirst().orElse(null), frame -> frame != null);
    }

    public boolean isOpen() {
        return session != null && session.isOpen();
    }

    @Override
    public void close() {
        if (session != null && session.isOpen()) {
            try {
                session.close(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "bye"));
            } catch (IOException ignored) {
                // already gone
            }
        }
        if (!closed.isDone()) {
            try {
                closed.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // the close handshake is best effort here
            }
        }
    }

    private final class Handler extends Endpoint {

        @Override
        public void onOpen(Session opened, EndpointConfig config) {
            opened.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
                raw.add(text);
                JsonObject frame = Json.createReader(new StringReader(text)).readObject();
                frames.add(frame);
                if ("ready".equals(frame.getString("type", null))) {
                    ready.countDown();
                }
                listener.accept(frame);
            });
        }

        @Override
        public void onClose(Session session, CloseReason reason) {
            closed.complete(reason);
        }

        @Override
        public void onError(Session session, Throwable failure) {
            if (!session.isOpen()) {
                closed.complete(new CloseReason(CloseReason.CloseCodes.CLOSED_ABNORMALLY, String.valueOf(failure)));
            }
        }
    }
}
