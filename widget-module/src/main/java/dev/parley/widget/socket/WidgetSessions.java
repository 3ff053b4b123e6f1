package dev.parley.widget.socket;

import dev.parley.cluster.boundary.EventRelay;
import dev.parley.contact.entity.ContactTokensRevoked;
import dev.parley.conversation.control.ConversationJson;
import dev.parley.conversation.entity.AgentTyping;
import dev.parley.conversation.entity.ConversationCreated;
import dev.parley.conversation.entity.ConversationStatusChanged;
import dev.parley.conversation.entity.MessageCreated;
import dev.parley.merge.entity.ContactsMerged;
import dev.parley.merge.entity.ConversationUnmerged;
import dev.parley.merge.entity.ConversationsMerged;
import dev.parley.metrics.control.Metrics;
import dev.parley.problem.boundary.Jsonp;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Owns the widget WebSocket sessions of this node, by visitor, and pushes each committed domain
 * event to the sessions of the visitor it concerns, and to nobody else. Pushes happen after
 * commit only: a client never sees a message that could still roll back. Each socket remembers the
 * token (device) it said hello with: revoking that token closes it (1008) on every node. When an
 * anonymous visitor identifies, its sockets move to the verified contact and are told so
 * ({@code contact.identified}), on every node, before any later event of that contact reaches them.
 */
@ApplicationScoped
public class WidgetSessions {

    private static final Logger LOG = Logger.getLogger(WidgetSessions.class.getName());

    static final String CONTACT_IDENTIFIED = "contact.identified";

    static final String TOKEN_ID = "tokenId";

    /** The relay channel of token revocations: which tokens' sockets every node closes. */
    static final String REVOKED_CHANNEL = "widget-revoked";

    private final ConcurrentMap<Long, Set<Session>> byContact = new ConcurrentHashMap<>();

    static final String CHANNEL = "widget";

    /** Frames a socket may have waiting to be written before it counts as stalled (about 1 MiB of long messages). */
    static final int PENDING_LIMIT = 100;

    private static final String PENDING = "parley.pendingFrames";

    private static final Runnable NOTHING = () -> {};

    @Inject
    EventRelay relay;

    @Inject
    Metrics metrics;

    @PostConstruct
    void receiveFromEveryNode() {
        metrics.openSockets("widget", this::count);
        relay.subscribeWithSendTime(CHANNEL, (frame, publishedAt) -> {
            int newline = frame.indexOf('\n');
            push(Long.parseLong(frame.substring(0, newline)), frame.substring(newline + 1), publishedAt);
        });
        relay.subscribe(
                REVOKED_CHANNEL,
                frame -> closeRevoked(Arrays.stream(frame.split(","))
                        .filter(id -> !id.isBlank())
                        .map(Long::valueOf)
                        .collect(Collectors.toSet())));
    }

    /** Hands an event for one visitor to every node, this one included. */
    private void publish(long contactId, String json) {
        relay.publish(CHANNEL, contactId + "\n" + json);
    }

    void join(long contactId, long tokenId, Session session) {
        session.getUserProperties().put(TOKEN_ID, tokenId);
        session.getUserProperties().put("contactId", contactId);
        byContact
                .computeIfAbsent(contactId, id -> ConcurrentHashMap.newKeySet())
                .add(session);
    }

    void leave(Session session) {
        Object contactId = session.getUserProperties().get("contactId");
        if (contactId != null) {
            byContact.computeIfPresent((Long) contactId, (id, sessions) -> {
                sessions.remove(session);
                return sessions.isEmpty() ? null : sessions;
            });
        }
    }

    public int count() {
        return byContact.values().stream().mapToInt(Set::size).sum();
    }

    void conversationCreated(@Observes(during = TransactionPhase.AFTER_SUCCESS) ConversationCreated event) {
        publish(
                event.contactId(),
                "{\"type\":\"conversation.created\",\"conversation\":" + ConversationJson.write(event.conversation())
                        + "}");
    }

    void messageCreated(@Observes(during = TransactionPhase.AFTER_SUCCESS) MessageCreated event) {
        publish(
                event.contactId(),
                "{\"type\":\"message.created\",\"conversationId\":"
                        + event.message().conversationId() + ",\"message\":" + ConversationJson.write(event.message())
                        + "}");
    }

    void statusChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) ConversationStatusChanged event) {
        publish(
                event.contactId(),
                Jsonp.objectBuilder()
                        .add("type", "conversation.status_changed")
                        .add("conversationId", event.conversationId())
                        .add("status", event.status())
                        .build()
                        .toString());
    }

    void merged(@Observes(during = TransactionPhase.AFTER_SUCCESS) ConversationsMerged event) {
        String json = Jsonp.objectBuilder()
                .add("type", "conversation.merged")
                .add("from", event.from())
                .add("into", event.into())
                .build()
                .toString();
        event.contactIds().forEach(contactId -> publish(contactId, json));
    }

    void unmerged(@Observes(during = TransactionPhase.AFTER_SUCCESS) ConversationUnmerged event) {
        String json = Jsonp.objectBuilder()
                .add("type", "conversation.unmerged")
                .add("conversationId", event.conversationId())
                .add("from", event.from())
                .build()
                .toString();
        event.contactIds().forEach(contactId -> publish(contactId, json));
    }

    /**
     * The identified visitor's open sockets now belong to the verified contact, as its tokens do, on
     * every node: the re-keying travels through the relay like any event, and each moved socket gets
     * {@code {"type":"contact.identified","contactId":N}} (the widget then re-reads its conversations).
     */
    void contactsMerged(@Observes(during = TransactionPhase.AFTER_SUCCESS) ContactsMerged event) {
        publish(
                event.mergedId(),
                Jsonp.objectBuilder()
                        .add("type", CONTACT_IDENTIFIED)
                        .add("contactId", event.survivorId())
                        .build()
                        .toString());
    }

    /** Revoked tokens authenticate nobody any more; their open sockets, on any node, are closed with 1008. */
    void tokensRevoked(@Observes(during = TransactionPhase.AFTER_SUCCESS) ContactTokensRevoked event) {
        relay.publish(
                REVOKED_CHANNEL, event.tokenIds().stream().map(String::valueOf).collect(Collectors.joining(",")));
    }

    private void closeRevoked(Set<Long> tokenIds) {
        byContact.values().stream()
                .flatMap(Set::stream)
                .filter(session -> tokenIds.contains(session.getUserProperties().get(TOKEN_ID)))
                .toList()
                .forEach(session -> {
                    leave(session);
                    closeQuietly(session, new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, "token revoked"));
                });
    }

    private Set<Session> rekey(long mergedId, long survivorId) {
        Set<Session> moved = byContact.remove(mergedId);
        if (moved == null) {
            return Set.of();
        }
        moved.forEach(session -> session.getUserProperties().put("contactId", survivorId));
        byContact
                .computeIfAbsent(survivorId, id -> ConcurrentHashMap.newKeySet())
                .addAll(moved);
        return moved;
    }

    /** Not stored and not transactional: shown while it is true, gone with the socket. */
    void agentTyping(@Observes AgentTyping event) {
        publish(
                event.contactId(),
                Jsonp.objectBuilder()
                        .add("type", event.typing() ? "typing.on" : "typing.off")
                        .add("conversationId", event.conversationId())
                        .build()
                        .toString());
    }

    /**
     * Delivers to this node's sessions of the visitor; the relay calls it for events from any node. A
     * frame of a committed change (not a typing indicator, which commits nothing) counts its lag from
     * its publication, right after the commit, to each socket's completed write in {@link Metrics#PUSH_LAG}.
     */
    void push(long contactId, String json, Instant publishedAt) {
        Runnable written = json.startsWith("{\"type\":\"typing.")
                ? NOTHING
                : () -> metrics.pushed("widget", Duration.between(publishedAt, Instant.now()));
        if (json.startsWith("{\"type\":\"" + CONTACT_IDENTIFIED + "\"")) {
            long survivorId = Jsonp.reader(new java.io.StringReader(json))
                    .readObject()
                    .getJsonNumber("contactId")
                    .longValue();
            for (Session session : rekey(contactId, survivorId)) {
                send(session, json, written);
            }
            return;
        }
        Set<Session> sessions = byContact.get(contactId);
        if (sessions == null) {
            return;
        }
        for (Session session : sessions) {
            send(session, json, written);
        }
    }

    /**
     * Hands a frame to the socket without waiting for it to be written: the caller is often the
     * request that just committed (a visitor's message, an agent's reply), and a widget on a stalled
     * network must not hold it up. Frames keep the order of the calls. A socket that has more than
     * {@link #PENDING_LIMIT} frames not yet written out is let go with 1013 (try again later); the
     * widget reconnects and resyncs what it missed, as after any drop.
     */
    static void send(Session session, String json) {
        send(session, json, NOTHING);
    }

    /** As {@link #send(Session, String)}, running {@code written} once the frame is written out. */
    private static void send(Session session, String json, Runnable written) {
        synchronized (session) {
            if (!session.isOpen()) {
                return;
            }
            AtomicInteger pending = pending(session);
            if (pending.incrementAndGet() > PENDING_LIMIT) {
                LOG.fine("letting a stalled widget socket go");
                closeQuietly(session, new CloseReason(CloseReason.CloseCodes.TRY_AGAIN_LATER, "too slow"));
                return;
            }
            try {
                session.getAsyncRemote().sendText(json, result -> {
                    pending.decrementAndGet();
                    if (result.isOK()) {
                        written.run();
                    } else {
                        dropBroken(session, result.getException());
                    }
                });
            } catch (IllegalStateException gone) {
                dropBroken(session, gone);
            }
        }
    }

    private static void dropBroken(Session session, Throwable failure) {
        LOG.log(Level.FINE, "dropping a broken widget socket", failure);
        closeQuietly(session, new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "send failed"));
    }

    private static AtomicInteger pending(Session session) {
        return (AtomicInteger) session.getUserProperties().computeIfAbsent(PENDING, key -> new AtomicInteger());
    }

    static void closeQuietly(Session session, CloseReason reason) {
        try {
            session.close(reason);
        } catch (IOException | IllegalStateException alreadyClosed) {
            LOG.log(Level.FINEST, "socket already closed", alreadyClosed);
        }
    }
}
