package dev.parley.admin.console;

import dev.parley.assignment.entity.ConversationAssigned;
import dev.parley.cluster.boundary.EventRelay;
import dev.parley.contact.entity.VisitorContextChanged;
import dev.parley.conversation.entity.ConversationCreated;
import dev.parley.conversation.entity.ConversationStatusChanged;
import dev.parley.conversation.entity.MessageCreated;
import dev.parley.metrics.control.Metrics;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.faces.event.WebsocketEvent;
import jakarta.faces.push.Push;
import jakarta.faces.push.PushContext;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tells every open console page that conversations changed, from the same committed domain events
 * the widget socket pushes to visitors. The message is only a nudge ({@value #CHANGED}): each page
 * re-reads what it shows with its own filters, so nothing a page may not see travels over the socket.
 *
 * <p>Created at startup, when no HTTP session is active: Faces' push context remembers the session
 * of the thread that creates it, and the first event may well arrive on a visitor's request.
 *
 * <p>Changes are coalesced: a node publishes at most one nudge per {@value #COALESCE_MILLIS} ms (the first at
 * once), however many conversations changed, so a busy site costs the consoles one re-read per interval,
 * not one per message. Under load, each nudge cost a ServiceLoader scan inside Faces' push.
 */
@ApplicationScoped
public class ConsoleUpdates {

    public static final String CHANNEL = "console";
    public static final String CHANGED = "changed";
    static final long COALESCE_MILLIS = 200;

    private final AtomicLong lastNudge = new AtomicLong(System.nanoTime() - TimeUnit.SECONDS.toNanos(1));
    private final AtomicBoolean trailingScheduled = new AtomicBoolean();
    /** Epoch milliseconds of the first change committed since the last nudge; 0 when none. */
    private final AtomicLong oldestUnannounced = new AtomicLong();

    private final AtomicInteger openSockets = new AtomicInteger();

    @Inject
    Metrics metrics;

    @Inject
    @Push(channel = CHANNEL)
    PushContext console;

    @Inject
    EventRelay relay;

    @Resource
    ManagedScheduledExecutorService scheduler;

    void startup(@Observes @Initialized(ApplicationScoped.class) Object application) {
        // created eagerly (see the class comment); every node's pages hear every node's changes
        metrics.openSockets("console", openSockets::get);
        relay.subscribe(CHANNEL, nudge -> {
            if (!console.send(CHANGED).isEmpty()) {
                committedAt(nudge)
                        .ifPresent(commit -> metrics.pushed("console", Duration.between(commit, Instant.now())));
            }
        });
    }

    void opened(@Observes @WebsocketEvent.Opened WebsocketEvent socket) {
        if (CHANNEL.equals(socket.getChannel())) {
            openSockets.incrementAndGet();
        }
    }

    void closed(@Observes @WebsocketEvent.Closed WebsocketEvent socket) {
        if (CHANNEL.equals(socket.getChannel())) {
            openSockets.decrementAndGet();
        }
    }

    /**
     * A nudge carries the commit time (epoch milliseconds) of the oldest change it announces, so its lag
     * counts the coalescing too; a nudge of an older node ({@value #CHANGED}) carries none.
     */
    static Optional<Instant> committedAt(String nudge) {
        try {
            return Optional.of(Instant.ofEpochMilli(Long.parseLong(nudge)));
        } catch (NumberFormatException olderNode) {
            return Optional.empty();
        }
    }

    void conversationCreated(@Observes(during = TransactionPhase.AFTER_SUCCESS) ConversationCreated event) {
        changed();
    }

    void messageCreated(@Observes(during = TransactionPhase.AFTER_SUCCESS) MessageCreated event) {
        changed();
    }

    void statusChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) ConversationStatusChanged event) {
        changed();
    }

    void assigned(@Observes(during = TransactionPhase.AFTER_SUCCESS) ConversationAssigned event) {
        changed();
    }

    void contextChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) VisitorContextChanged event) {
        changed();
    }

    /**
     * At most one nudge per interval: the first change after a quiet interval is published at once,
     * later ones within the interval share one trailing nudge at its end, so none goes unannounced.
     */
    private void changed() {
        oldestUnannounced.compareAndSet(0, System.currentTimeMillis());
        long now = System.nanoTime();
        long last = lastNudge.get();
        if (now - last >= TimeUnit.MILLISECONDS.toNanos(COALESCE_MILLIS) && lastNudge.compareAndSet(last, now)) {
            relay.publish(CHANNEL, nudge());
        } else if (trailingScheduled.compareAndSet(false, true)) {
            // at the end of the interval that began with the last nudge, not a whole interval from now
            long wait = Math.max(0, TimeUnit.MILLISECONDS.toNanos(COALESCE_MILLIS) - (now - lastNudge.get()));
            scheduler.schedule(
                    () -> {
                        // cleared before publishing: a change committed from here on schedules the next nudge
                        trailingScheduled.set(false);
                        lastNudge.set(System.nanoTime());
                        relay.publish(CHANNEL, nudge());
                    },
                    wait,
                    TimeUnit.NANOSECONDS);
        }
    }

    /** The nudge for the changes so far: the commit time of the oldest one not yet announced. */
    private String nudge() {
        long oldest = oldestUnannounced.getAndSet(0);
        return String.valueOf(oldest == 0 ? System.currentTimeMillis() : oldest);
    }
}
