package dev.parley.widget.socket;

import dev.parley.limit.boundary.RateLimits;
import dev.parley.limit.entity.Limit;
import dev.parley.limit.entity.VisitorLimit;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCodes;
import jakarta.websocket.Session;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The visitor limits of the widget socket: a socket that has not said hello within
 * {@code parley.limits.hello-deadline} (default 10 s) is closed with 1008; sockets count per visitor
 * (at the hello) in the shared counters, over the limit the socket is closed with 1008 (per address they
 * count before the upgrade, in {@link SocketOpenLimit}); typing frames count per socket, and a flood
 * closes it with 1008. A closed
 * widget reconnects later and resyncs, so a limit costs a visitor nothing but time.
 */
@ApplicationScoped
public class SocketGuard {

    private static final String TYPING = "parley.typing";

    @Inject
    RateLimits limits;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    @ConfigProperty(name = "parley.limits.hello-deadline", defaultValue = "PT10S")
    Duration helloDeadline;

    /** At open: closes the socket unless it says hello in time. */
    void opened(Session session) {
        scheduler.schedule(
                () -> {
                    if (session.isOpen() && !session.getUserProperties().containsKey("contactId")) {
                        WidgetSessions.closeQuietly(
                                session, new CloseReason(CloseCodes.VIOLATED_POLICY, "hello expected"));
                    }
                },
                helloDeadline.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** At hello: counts the visitor's sockets; false (and closed) when over the limit. */
    boolean hello(Session session, long contactId) {
        if (limits.hit(Map.of(VisitorLimit.SOCKET_PER_CONTACT, String.valueOf(contactId)))
                .isPresent()) {
            WidgetSessions.closeQuietly(session, new CloseReason(CloseCodes.VIOLATED_POLICY, "too many sockets"));
            return false;
        }
        return true;
    }

    /** A typing frame: counted for this socket in its window; false (and closed) when over the limit. */
    boolean typing(Session session) {
        Optional<Limit> limit = limits.limit(VisitorLimit.TYPING_PER_CONTACT);
        if (limit.isEmpty()) {
            return true;
        }
        Instant window = limit.get().windowStart(Clock.systemUTC().instant());
        long[] counted = (long[]) session.getUserProperties().computeIfAbsent(TYPING, key -> new long[2]);
        synchronized (counted) {
            if (counted[0] != window.toEpochMilli()) {
                counted[0] = window.toEpochMilli();
                counted[1] = 0;
            }
            if (++counted[1] <= limit.get().max()) {
                return true;
            }
        }
        WidgetSessions.closeQuietly(session, new CloseReason(CloseCodes.VIOLATED_POLICY, "too many frames"));
        return false;
    }
}
