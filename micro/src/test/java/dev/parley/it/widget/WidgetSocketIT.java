package dev.parley.it.widget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.it.support.Parley;
import dev.parley.it.support.ParleyServer;
import dev.parley.it.support.Reply;
import dev.parley.it.support.SocketClient;
import dev.parley.it.support.StalledSocket;
import dev.parley.it.support.WidgetClient;
import dev.parley.it.support.WidgetClient.Visitor;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.websocket.CloseReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The widget's live channel ({@code /chat/ws}) from a plain Java WebSocket client: who may listen,
 * who hears what, and that "ready + messages?after=lastSeenId" closes every gap a disconnect leaves.
 */
@ExtendWith(ParleyServer.class)
class WidgetSocketIT {

    static final int RESYNC_MESSAGES = 100;
    static final int POSTED_WHILE_DISCONNECTED = 70;
    /** About 16 MB of messages: more than the socket buffers and the server's pending frames hold. */
    static final int STALLED_POSTS = 1_600;

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "{\"type\":\"hello\",\"token\":\"forged-0123456789abcdefghijklmnopqrstuvwxyz01\"}",
                "{\"type\":\"hello\",\"token\":\"\"}",
                "{\"type\":\"hello\"}",
                "{\"type\":\"ping\"}",
            })
    void aSocketWithoutAValidHelloIsClosedWithPolicyViolationAndHearsNothing(String firstFrame, Parley parley) {
        WidgetClient widget = parley.widget();
        Visitor someone = widget.newVisitor();
        try (SocketClient bad = SocketClient.open(parley);
                SocketClient good = SocketClient.connect(parley, someone.token())) {
            // Traffic on the server while the unauthenticated socket is open: none of it may reach it.
            long conversation = widget.start(
                            someone,
                            UUID.randomUUID().toString(),
                            WidgetClient.form("Someone", "someone@example.com", "Is anyone listening?"))
                    .id();
            good.awaitFrame(frame -> isMessageOf(frame, conversation), "the valid visitor's own message.created");

            bad.send(firstFrame);
            CloseReason reason = bad.awaitClose();

            assertThat(reason.getCloseCode().getCode()).as(reason.toString()).isEqualTo(1008);
            assertThat(bad.rawFrames())
                    .as("frames sent to a socket that never authenticated")
                    .isEmpty();
            assertThat(bad.isOpen()).isFalse();
        }
    }

    @Test
    void aVisitorHearsTheirOwnConversationAndNeverAnotherVisitors(Parley parley) {
        WidgetClient widget = parley.widget();
        Visitor ann = widget.newVisitor();
        Visitor bob = widget.newVisitor();
        String annSecret = "Ann's secret " + UUID.randomUUID();
        try (SocketClient annSocket = SocketClient.connect(parley, ann.token());
                SocketClient bobSocket = SocketClient.connect(parley, bob.token())) {
            assertThat(annSocket
                            .frames("ready")
                            .get(0)
                            .getJsonNumber("contactId")
                            .longValue())
                    .isEqualTo(ann.contactId());
            assertThat(bobSocket
                            .frames("ready")
                            .get(0)
                            .getJsonNumber("contactId")
                            .longValue())
                    .isEqualTo(bob.contactId());

            long annConversation = widget.start(
                            ann, UUID.randomUUID().toString(), WidgetClient.form("Ann", "ann@example.com", annSecret))
                    .id();
            long bobConversation = widget.start(
                            bob,
                            UUID.randomUUID().toString(),
                            WidgetClient.form("Bob", "bob@example.com", "Bob's question"))
                    .id();
            List<Long> annMessages = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                annMessages.add(
                        post(widget, ann, annConversation, annSecret + " #" + i).id());
            }
            // Events are handed to the sockets after commit, before the POST answers, and a socket
            // sends in that order: once Bob hears this later message of his own, anything of Ann's
            // that leaked to him would already have arrived.
            long bobMarker = post(widget, bob, bobConversation, "Bob's marker").id();
            bobSocket.awaitFrame(frame -> isMessage(frame, bobConversation, bobMarker), "Bob's marker message");
            long annLast = annMessages.get(annMessages.size() - 1);
            annSocket.awaitFrame(frame -> isMessage(frame, annConversation, annLast), "Ann's last message");
            long annMarker =
                    post(widget, ann, annConversation, annSecret + " after Bob").id();
            annSocket.awaitFrame(frame -> isMessage(frame, annConversation, annMarker), "Ann's marker message");

            assertThat(annSocket.messageEvents())
                    .as("Ann's message.created events")
                    .allSatisfy(frame -> assertThat(conversationOf(frame)).isEqualTo(annConversation))
                    .extracting(WidgetSocketIT::messageId)
                    .contains(annMessages.toArray(Long[]::new))
                    .contains(annMarker)
                    .doesNotHaveDuplicates();
            assertThat(annSocket
                            .frames("message.created")
                            .get(0)
                            .getJsonObject("message")
                            .getString("content"))
                    .isEqualTo(annSecret);
            assertThat(bobSocket.frames())
                    .as("everything Bob's socket received")
                    .isNotEmpty()
                    .allSatisfy(frame -> assertThat(concernsConversation(frame, annConversation))
                            .as(frame.toString())
                            .isFalse());
            assertThat(bobSocket.rawFrames()).noneMatch(raw -> raw.contains(annSecret));
            assertThat(annSocket.frames())
                    .allSatisfy(frame -> assertThat(concernsConversation(frame, bobConversation))
                            .as(frame.toString())
                            .isFalse());
            assertThat(bobSocket.messageEvents())
                    .extracting(WidgetSocketIT::messageId)
                    .contains(bobMarker)
                    .allSatisfy(id -> assertThat(annMessages).doesNotContain(id));
            assertThat(annSocket.frames("conversation.created"))
                    .extracting(f ->
                            f.getJsonObject("conversation").getJsonNumber("id").longValue())
                    .containsExactly(annConversation);
            assertThat(bobSocket.frames("conversation.created"))
                    .extracting(f ->
                            f.getJsonObject("conversation").getJsonNumber("id").longValue())
                    .containsExactly(bobConversation);
        }
    }

    /**
     * A visitor's socket drops; 100 messages are written meanwhile and while it comes back (70
     * before the reconnect, 30 racing with it). The client does what the widget does: after
     * {@code ready} it reads {@code messages?after=lastSeenId} page by page and keeps live events,
     * deduplicating by id. Every message must end up there once, in id order, with nothing lost.
     */
    @Test
    void afterAReconnectReadyPlusMessagesAfterLastSeenIdDeliversEveryMessageExactlyOnce(Parley parley)
            throws Exception {
        WidgetClient widget = parley.widget();
        Visitor visitor = widget.newVisitor();
        Reply started = widget.start(
                visitor,
                UUID.randomUUID().toString(),
                WidgetClient.form("Rita", "rita@example.com", "Hello, I will be right back"));
        long conversation = started.id();
        long lastSeenId;
        try (SocketClient first = SocketClient.connect(parley, visitor.token())) {
            long live = post(widget, visitor, conversation, "seen live before the drop")
                    .id();
            first.awaitFrame(frame -> isMessage(frame, conversation, live), "the message before the drop");
            lastSeenId = first.messageEvents().stream()
                    .mapToLong(WidgetSocketIT::messageId)
                    .max()
                    .orElseThrow();
        }

        List<Long> posted = new CopyOnWriteArrayList<>();
        for (int i = 0; i < POSTED_WHILE_DISCONNECTED; i++) {
            posted.add(post(widget, visitor, conversation, "offline " + i).id());
        }

        // The widget's store: by id, so a message that arrives both live and by fetch is kept once.
        NavigableMap<Long, JsonObject> store = new ConcurrentSkipListMap<>();
        List<Long> delivered = new CopyOnWriteArrayList<>(); // each id when it first entered the store
        List<Long> liveIds = new CopyOnWriteArrayList<>();
        List<Long> fetchedIds = new ArrayList<>();
        try (SocketClient second = SocketClient.open(parley)) {
            second.onFrame(frame -> {
                if (isMessageOf(frame, conversation)) {
                    long id = messageId(frame);
                    liveIds.add(id);
                    keep(store, delivered, frame.getJsonObject("message"));
                }
            });
            CompletableFuture<Void> racing =
                    CompletableFuture.runAsync(() -> IntStream.range(POSTED_WHILE_DISCONNECTED, RESYNC_MESSAGES)
                            .forEach(i -> posted.add(post(widget, visitor, conversation, "racing " + i)
                                    .id())));
            second.hello(visitor.token());
            second.awaitReady();

            long cursor = lastSeenId;
            for (int page = 0; page < 50; page++) {
                JsonArray messages = messagesAfter(widget, visitor, conversation, cursor);
                if (messages.isEmpty()) {
                    break;
                }
                List<Long> ids = messages.getValuesAs(JsonObject.class).stream()
                        .map(m -> m.getJsonNumber("id").longValue())
                        .toList();
                assertThat(ids)
                        .as("page after %d", cursor)
                        .isSorted()
                        .doesNotHaveDuplicates()
                        .allSatisfy(id -> assertThat(id).isGreaterThan(lastSeenId));
                fetchedIds.addAll(ids);
                messages.getValuesAs(JsonObject.class).forEach(message -> keep(store, delivered, message));
                cursor = ids.get(ids.size() - 1);
            }
            racing.get(2, java.util.concurrent.TimeUnit.MINUTES);
            // The racing messages that committed after the fetch can only come live; wait for them.
            await("all " + RESYNC_MESSAGES + " messages in the client's store")
                    .atMost(SocketClient.TIMEOUT)
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> store.keySet().containsAll(posted));
        }

        List<Long> expected = posted.stream().sorted().toList();
        assertThat(posted).hasSize(RESYNC_MESSAGES).doesNotHaveDuplicates();
        assertThat(store.keySet()).as("the client's timeline after the resync").containsExactlyElementsOf(expected);
        assertThat(delivered)
                .as("each message handed to the UI once")
                .hasSize(RESYNC_MESSAGES)
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(store.values())
                .extracting(m -> m.getJsonNumber("conversationId").longValue())
                .containsOnly(conversation);
        assertThat(liveIds)
                .as("live events never repeat a message")
                .doesNotHaveDuplicates()
                .isSorted()
                .allSatisfy(id -> assertThat(expected).contains(id));
        assertThat(fetchedIds)
                .as("the fetch never repeats a message")
                .doesNotHaveDuplicates()
                .isSorted();
        assertThat(fetchedIds)
                .as("everything written while disconnected comes by fetch")
                .containsAll(expected.subList(0, POSTED_WHILE_DISCONNECTED));
        assertThat(liveIds)
                .as("nothing written while disconnected is pushed later")
                .doesNotContainAnyElementsOf(expected.subList(0, POSTED_WHILE_DISCONNECTED));
        long overlap = liveIds.stream().filter(fetchedIds::contains).count();
        System.out.printf(
                "resync: %d fetched, %d live, %d both (deduplicated)%n", fetchedIds.size(), liveIds.size(), overlap);
        assertThat(parley.count(
                        "select count(*) from message where conversation_id = ? and id > ?", conversation, lastSeenId))
                .isEqualTo(RESYNC_MESSAGES);
    }

    /**
     * A widget on a stalled network stops reading its socket while its visitor keeps writing (from
     * another tab, say). Pushes to it must hold up no request: every POST answers, and the server
     * lets the stalled socket go (1013, try again later) instead of buffering for it without end.
     * Whatever reached the socket before that is in order and without a gap; the widget reconnects
     * and resyncs the rest, as after any drop.
     */
    @Test
    void aWidgetThatStopsReadingHoldsUpNoRequestAndIsLetGo(Parley parley) {
        // Before pushes were asynchronous, the POST after about 10 MB hung for good.
        WidgetClient widget = parley.widget();
        Visitor visitor = widget.newVisitor();
        long conversation = widget.start(
                        visitor,
                        UUID.randomUUID().toString(),
                        WidgetClient.form("Stalled", "stalled@example.com", "My network is about to stall"))
                .id();
        String filler = "x".repeat(9_900);
        List<Long> posted = new ArrayList<>();
        List<StalledSocket.Frame> frames;
        try (StalledSocket stalled = StalledSocket.connect(parley, visitor.token())) {
            for (int i = 0; i < STALLED_POSTS; i++) {
                posted.add(postWithin(Duration.ofSeconds(20), widget, visitor, conversation, i + " " + filler)
                        .id());
            }
            frames = stalled.drain(); // returns once the server has ended the stream, fails if it never does
        }

        // Tyrus drops the frames still queued for a socket it closes, its close frame included.
        assertThat(frames)
                .filteredOn(frame -> frame.opcode() == StalledSocket.Frame.CLOSE)
                .as("how the server let the stalled socket go")
                .extracting(StalledSocket.Frame::closeCode)
                .allMatch(code -> code == 1013);
        List<Long> pushed = frames.stream()
                .filter(frame -> frame.opcode() == StalledSocket.Frame.TEXT)
                .map(frame -> Json.createReader(new java.io.StringReader(frame.text()))
                        .readObject())
                .filter(frame -> isMessageOf(frame, conversation))
                .map(WidgetSocketIT::messageId)
                .toList();
        assertThat(pushed)
                .as("messages pushed before the socket was let go: a prefix of those posted")
                .isNotEmpty()
                .hasSizeLessThan(posted.size())
                .isEqualTo(posted.subList(0, pushed.size()));
        System.out.printf(
                "stalled socket: %d of %d messages pushed before it was let go%n", pushed.size(), posted.size());
    }

    private static void keep(Map<Long, JsonObject> store, List<Long> delivered, JsonObject message) {
        long id = message.getJsonNumber("id").longValue();
        if (store.putIfAbsent(id, message) == null) {
            delivered.add(id);
        }
    }

    private static Reply post(WidgetClient widget, Visitor visitor, long conversation, String content) {
        return postWithin(Duration.ofSeconds(60), widget, visitor, conversation, content);
    }

    private static Reply postWithin(
            Duration timeout, WidgetClient widget, Visitor visitor, long conversation, String content) {
        Reply reply = widget.post(
                "conversations/" + conversation + "/messages",
                visitor.token(),
                Map.of(),
                Json.createObjectBuilder()
                        .add("content", content)
                        .add("echoId", UUID.randomUUID().toString())
                        .build()
                        .toString(),
                timeout);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return reply;
    }

    private static JsonArray messagesAfter(WidgetClient widget, Visitor visitor, long conversation, long after) {
        Reply reply = widget.get("conversations/" + conversation + "/messages?after=" + after, visitor.token());
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.array();
    }

    static boolean isMessageOf(JsonObject frame, long conversation) {
        return "message.created".equals(frame.getString("type", null)) && conversationOf(frame) == conversation;
    }

    static boolean isMessage(JsonObject frame, long conversation, long id) {
        return isMessageOf(frame, conversation) && messageId(frame) == id;
    }

    static long conversationOf(JsonObject frame) {
        return frame.getJsonNumber("conversationId").longValue();
    }

    static long messageId(JsonObject frame) {
        return frame.getJsonObject("message").getJsonNumber("id").longValue();
    }

    /** True if any id-carrying part of the frame names the conversation. */
    static boolean concernsConversation(JsonObject frame, long conversation) {
        return frame.entrySet().stream().anyMatch(entry -> switch (entry.getKey()) {
            case "conversationId", "from", "into" ->
                entry.getValue().getValueType() == JsonValue.ValueType.NUMBER
                        && frame.getJsonNumber(entry.getKey()).longValue() == conversation;
            case "message" ->
                frame.getJsonObject("message").getJsonNumber("conversationId").longValue() == conversation;
            case "conversation" ->
                frame.getJsonObject("conversation").getJsonNumber("id").longValue() == conversation;
            default -> false;
        });
    }
}
