package dev.parley.bench;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.io.StringReader;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.glassfish.tyrus.client.ClientManager;

/** Widget WebSockets at scale: delivery latency of agent replies, and how many sockets a node holds. */
public final class Sockets {

    private final Visitors visitors;
    private final URI socketBase;
    private final ClientManager client = ClientManager.createClient();
    private final AtomicInteger reconnects = new AtomicInteger();

    public Sockets(Visitors visitors) {
        this(visitors, visitors.base());
    }

    /** Widgets connect to {@code socketBase} while the API calls go to the visitors' base: two nodes, one cluster. */
    public Sockets(Visitors visitors, URI socketBase) {
        this.visitors = visitors;
        this.socketBase = socketBase;
    }

    URI socketBase() {
        return socketBase;
    }

    /** A connected widget: completes the future registered for a message's content when it arrives. */
    private final class Widget extends Endpoint {

        final Map<String, CompletableFuture<Long>> waiting = new ConcurrentHashMap<>();
        final CompletableFuture<Void> ready = new CompletableFuture<>();
        final String token;
        Session session;

        Widget(String token) {
            this.token = token;
        }

        @Override
        public void onOpen(Session session, EndpointConfig config) {
            this.session = session;
            session.addMessageHandler(String.class, (MessageHandler.Whole<String>) this::receive);
            session.getAsyncRemote().sendText("{\"type\":\"hello\",\"token\":\"" + token + "\"}");
        }

        private void receive(String text) {
            long now = System.nanoTime();
            JsonObject frame = Json.createReader(new StringReader(text)).readObject();
            String type = frame.getString("type", "");
            if (type.equals("ready")) {
                ready.complete(null);
            } else if (type.equals("message.created")) {
                CompletableFuture<Long> waiter =
                        waiting.remove(frame.getJsonObject("message").getString("content"));
                if (waiter != null) {
                    waiter.complete(now);
                }
            }
        }
    }

    /** Connects and says hello like the widget, which reconnects when no {@code ready} comes within 10 s. */
    private Widget connect(Visitors.Visitor visitor) throws Exception {
        URI ws = URI.create(socketBase.resolve("chat/ws").toString().replaceFirst("^http", "ws"));
        for (int attempt = 1; ; attempt++) {
            Widget widget = new Widget(visitor.token());
            client.connectToServer(widget, ClientEndpointConfig.Builder.create().build(), ws);
            try {
                widget.ready.get(10, TimeUnit.SECONDS);
                return widget;
            } catch (TimeoutException silent) {
                close(widget.session);
                reconnects.incrementAndGet();
                if (attempt == 3) {
                    throw silent;
                }
            }
        }
    }

    /** Sockets that got no {@code ready} within 10 s and were opened again. */
    public int reconnects() {
        return reconnects.get();
    }

    /** {@link #replyDelivery(int, int, String, String, boolean)} with an agent token, as integrations call. */
    public Result replyDelivery(int sockets, int replies, String adminUser, String adminPassword) throws Exception {
        return replyDelivery(sockets, replies, adminUser, adminPassword, true);
    }

    /**
     * {@code sockets} widgets online; {@code replies} agent replies, each timed from request to
     * arrival; the agent authenticates with a personal access token ({@code token}) or HTTP Basic.
     */
    public Result replyDelivery(int sockets, int replies, String adminUser, String adminPassword, boolean token)
            throws Exception {
        String authorization = token
                ? visitors.agentToken(adminUser, adminPassword, "bench")
                : Visitors.basic(adminUser, adminPassword);
        List<Widget> widgets = new ArrayList<>();
        List<Long> conversations = new ArrayList<>();
        try {
            for (int i = 0; i < sockets; i++) {
                Visitors.Visitor visitor = visitors.newVisitor();
                conversations.add(visitors.start(visitor, "k", "Hello").id());
                widgets.add(connect(visitor));
            }
            long[] latencies = new long[replies];
            long failed = 0;
            long began = System.nanoTime();
            for (int i = 0; i < replies; i++) {
                Widget widget = widgets.get(i % sockets);
                String content = "reply " + i;
                CompletableFuture<Long> arrival = new CompletableFuture<>();
                widget.waiting.put(content, arrival);
                long sent = System.nanoTime();
                if (visitors.reply(authorization, conversations.get(i % sockets), content)
                                .status()
                        != 201) {
                    failed++;
                    continue;
                }
                latencies[i] = arrival.get(30, TimeUnit.SECONDS) - sent;
            }
            double seconds = (System.nanoTime() - began) / 1e9;
            return new Result(
                    "agent reply -> widget, " + sockets + " sockets", 1, replies - failed, failed, seconds, latencies);
        } finally {
            widgets.forEach(w -> close(w.session));
        }
    }

    /** A visitor online: its conversation and its widget socket, as the widget holds them. */
    public record Online(Visitors.Visitor visitor, long conversationId, Session session) {}

    /** {@code count} new visitors, each with a started conversation and a connected widget socket. */
    public List<Online> connectVisitors(int count) throws Exception {
        List<Online> online = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                Visitors.Visitor visitor = visitors.newVisitor();
                long conversation = visitors.start(visitor, "k", "Hello").id();
                online.add(new Online(visitor, conversation, connect(visitor).session));
            }
            return online;
        } catch (Exception failed) {
            online.forEach(o -> close(o.session()));
            throw failed;
        }
    }

    /** Opens up to {@code max} authenticated widget sockets; returns how many were open at once. */
    public int holdOpen(int max, List<Session> opened) {
        try {
            Visitors.Visitor visitor = visitors.newVisitor();
            for (int i = 0; i < max; i++) {
                opened.add(connect(visitor).session);
            }
        } catch (Exception limit) {
            System.err.println("socket " + (opened.size() + 1) + " failed: " + limit);
        }
        return opened.size();
    }

    static void close(Session session) {
        try {
            if (session != null && session.isOpen()) {
                session.close();
            }
        } catch (Exception ignored) {
            // closing anyway
        }
    }
}
