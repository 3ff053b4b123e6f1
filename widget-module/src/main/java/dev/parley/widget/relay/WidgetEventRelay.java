package dev.parley.widget.relay;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Carries widget events from the node that committed them to the node that holds the visitor's
 * WebSocket. {@code parley.events.transport} chooses how, without a rebuild: {@code local} (one
 * node; the default) delivers in-process, {@code hazelcast} publishes on a topic of Payara's data
 * grid, which keeps each publisher's order, and every node delivers to its own sessions only.
 * Events are not replayed to a node that was down: the widget's resync covers that.
 */
@ApplicationScoped
public class WidgetEventRelay {

    static final String TOPIC = "parley.widget-events";
    private static final Logger LOG = Logger.getLogger(WidgetEventRelay.class.getName());

    @Inject
    @ConfigProperty(name = "parley.events.transport", defaultValue = "local")
    String transport;

    private BiConsumer<Long, String> localDelivery = (contactId, json) -> { };
    private Consumer<String> publisher;
    private HazelcastTopic topic;

    @PostConstruct
    void connect() {
        if ("hazelcast".equalsIgnoreCase(transport)) {
            topic = HazelcastTopic.join(TOPIC, this::deliver);
            publisher = topic::publish;
            LOG.info("Parley relays widget events through the Hazelcast topic " + TOPIC);
        } else {
            publisher = this::deliver;
        }
    }

    /** Subscribes on start, so that events from other nodes arrive before the first local one. */
    void onStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
        LOG.fine(() -> "widget event transport: " + transport);
    }

    /** The receiving end on this node: set once by the owner of the sessions. */
    public void deliverTo(BiConsumer<Long, String> delivery) {
        this.localDelivery = delivery;
    }

    public void publish(long contactId, String json) {
        publisher.accept(contactId + "\n" + json);
    }

    private void deliver(String frame) {
        int newline = frame.indexOf('\n');
        localDelivery.accept(Long.parseLong(frame.substring(0, newline)), frame.substring(newline + 1));
    }

    /** Cluster members seen by this node, or 1 without a grid. */
    public int members() {
        return topic == null ? 1 : topic.members();
    }

    public boolean clustered() {
        return topic != null;
    }
}
