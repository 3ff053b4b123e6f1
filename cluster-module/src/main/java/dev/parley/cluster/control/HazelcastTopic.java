package dev.parley.cluster.control;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.topic.ITopic;
import com.hazelcast.topic.Message;
import dev.parley.cluster.control.EventSignatures.Opened;
import java.time.Instant;
import java.util.function.BiConsumer;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * A topic on the Hazelcast instance Payara Micro runs (JNDI {@code payara/Hazelcast}). Not a CDI
 * bean and loaded only when the transport is {@code hazelcast}, so servers without Hazelcast
 * (WildFly) never see these types.
 *
 * <p>Any host that reaches the grid port can publish on the topic, so every event goes out sealed
 * ({@link EventSignatures}) and only an event that opens with this node's secret reaches the
 * listener; anything else is dropped and counted in {@link RejectedEvents}.
 */
public final class HazelcastTopic {

    private final HazelcastInstance grid;
    private final ITopic<Object> topic;
    private final String name;
    private final EventSignatures signatures;

    private HazelcastTopic(HazelcastInstance grid, ITopic<Object> topic, String name, EventSignatures signatures) {
        this.grid = grid;
        this.topic = topic;
        this.name = name;
        this.signatures = signatures;
    }

    public static HazelcastTopic join(
            String name, EventSignatures signatures, RejectedEvents rejected, BiConsumer<String, Instant> listener) {
        try {
            HazelcastInstance grid = (HazelcastInstance) new InitialContext().lookup("payara/Hazelcast");
            if (grid == null) {
                throw new IllegalStateException(
                        "Payara's Hazelcast is off (--nohazelcast); use parley.events.transport=local");
            }
            ITopic<Object> topic = grid.getTopic(name);
            topic.addMessageListener(message -> receive(name, message, signatures, rejected, listener));
            return new HazelcastTopic(grid, topic, name, signatures);
        } catch (NamingException e) {
            throw new IllegalStateException("no Hazelcast in this server; use parley.events.transport=local", e);
        }
    }

    private static void receive(
            String name,
            Message<Object> message,
            EventSignatures signatures,
            RejectedEvents rejected,
            BiConsumer<String, Instant> listener) {
        Object sealed;
        try {
            sealed = message.getMessageObject();
        } catch (RuntimeException unreadable) {
            // an object of a type this node does not know: nothing Parley published
            sealed = null;
        }
        Opened opened = signatures.open(name, sealed);
        if (opened.accepted()) {
            listener.accept(opened.payload(), opened.sentAt());
        } else {
            rejected.reject(name, opened.verdict(), message.getPublishingMember());
        }
    }

    public void publish(String frame) {
        topic.publish(signatures.seal(name, frame));
    }

    public int members() {
        return grid.getCluster().getMembers().size();
    }
}
