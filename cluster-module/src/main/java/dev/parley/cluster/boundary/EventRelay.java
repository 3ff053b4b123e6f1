package dev.parley.cluster.boundary;

import dev.parley.cluster.control.EventSignatures;
import dev.parley.cluster.control.HazelcastTopic;
import dev.parley.cluster.control.RejectedEvents;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Carries a committed event from the node that committed it to every node, each of which then
 * pushes to its own WebSockets (widget sessions, console pages). {@code parley.events.transport}
 * chooses how, without a rebuild: {@code local} (one node, the default) delivers in-process;
 * {@code hazelcast} publishes on a topic of Payara Micro's data grid per channel, which keeps each
 * publisher's order. Nothing is replayed to a node that was down: the widget's resync covers it.
 *
 * <p>In a cluster every event is signed with the cluster secret ({@code parley.cluster-secret},
 * {@code PARLEY_CLUSTER_SECRET}) and a node delivers only events signed with its own secret: a
 * host that merely reaches the grid port cannot show a visitor a message or move its sockets.
 * Without the secret a clustered node refuses to start (its deployment fails), rather than run and
 * accept or send unsigned events: a node that is not there cannot be fooled, and the failure is
 * impossible to overlook, where a node that is up but not ready would still answer anyone who
 * bypasses the load balancer.
 */
@ApplicationScoped
public class EventRelay {

    private static final Logger LOG = Logger.getLogger(EventRelay.class.getName());

    /** Joined at start in a cluster, so that the grid is up and its members known before any event. */
    private static final String MEMBERSHIP = "members";

    @Inject
    @ConfigProperty(name = "parley.events.transport", defaultValue = "local")
    String transport;

    @Inject
    @ConfigProperty(name = "parley.cluster-secret")
    Optional<String> clusterSecret;

    private final RejectedEvents rejected = new RejectedEvents(Clock.systemUTC());
    private EventSignatures signatures;
    private final Map<String, List<BiConsumer<String, Instant>>> listeners = new ConcurrentHashMap<>();
    private final Map<String, HazelcastTopic> topics = new ConcurrentHashMap<>();
    private boolean clustered;

    @PostConstruct
    void connect() {
        clustered = "hazelcast".equalsIgnoreCase(transport);
        if (clustered) {
            try {
                signatures = EventSignatures.withSecret(clusterSecret.orElse(null), Clock.systemUTC());
            } catch (IllegalArgumentException missing) {
                LOG.severe("Parley does not start: " + missing.getMessage());
                throw new IllegalStateException(missing.getMessage(), missing);
            }
            subscribe(MEMBERSHIP, payload -> {});
        }
        LOG.info("Parley relays events "
                + (clustered
                        ? "between nodes through Hazelcast topics, signed with the cluster secret (events older than "
                                + EventSignatures.WINDOW.toMinutes() + " minutes are dropped)"
                        : "in-process"));
    }

    /** Created at start, so every node subscribes before the first event can be published. */
    void onStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
        LOG.fine(() -> "event transport: " + transport);
    }

    /** Receives every payload published on {@code channel} by any node, in each publisher's order. */
    public void subscribe(String channel, Consumer<String> listener) {
        subscribeWithSendTime(channel, (payload, sentAt) -> listener.accept(payload));
    }

    /**
     * As {@link #subscribe}, with the instant the payload was published (by the publisher's clock): what
     * a push's delivery lag is measured from, as publishers publish right after their commit.
     */
    public void subscribeWithSendTime(String channel, BiConsumer<String, Instant> listener) {
        listeners.computeIfAbsent(channel, name -> new CopyOnWriteArrayList<>()).add(listener);
        if (clustered) {
            topics.computeIfAbsent(
                    channel,
                    name -> HazelcastTopic.join(
                            "parley." + name,
                            signatures,
                            rejected,
                            (payload, sentAt) -> deliver(name, payload, sentAt)));
        }
    }

    public void publish(String channel, String payload) {
        HazelcastTopic topic = topics.get(channel);
        if (topic != null) {
            topic.publish(payload);
        } else {
            deliver(channel, payload, Instant.now());
        }
    }

    private void deliver(String channel, String payload, Instant sentAt) {
        listeners.getOrDefault(channel, List.of()).forEach(listener -> listener.accept(payload, sentAt));
    }

    /** Cluster members this node sees, or 1 without a grid. */
    public int members() {
        return topics.values().stream().findFirst().map(HazelcastTopic::members).orElse(1);
    }

    /** Grid events this node dropped since it started: missing or wrong signature, or outside the window. */
    public long rejected() {
        return rejected.count();
    }

    public boolean clustered() {
        return clustered;
    }
}
