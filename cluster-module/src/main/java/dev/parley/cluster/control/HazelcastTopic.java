package dev.parley.cluster.control;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.topic.ITopic;
import java.util.function.Consumer;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * A topic on the Hazelcast instance Payara Micro runs (JNDI {@code payara/Hazelcast}). Not a CDI
 * bean and loaded only when the transport is {@code hazelcast}, so servers without Hazelcast
 * (WildFly) never see these types.
 */
public final class HazelcastTopic {

    private final HazelcastInstance grid;
    private final ITopic<String> topic;

    private HazelcastTopic(HazelcastInstance grid, ITopic<String> topic) {
        this.grid = grid;
        this.topic = topic;
    }

    public static HazelcastTopic join(String name, Consumer<String> listener) {
        try {
            HazelcastInstance grid = (HazelcastInstance) new InitialContext().lookup("payara/Hazelcast");
            if (grid == null) {
                throw new IllegalStateException(
                        "Payara's Hazelcast is off (--nohazelcast); use parley.events.transport=local");
            }
            ITopic<String> topic = grid.getTopic(name);
            topic.addMessageListener(message -> listener.accept(message.getMessageObject()));
            return new HazelcastTopic(grid, topic);
        } catch (NamingException e) {
            throw new IllegalStateException("no Hazelcast in this server; use parley.events.transport=local", e);
        }
    }

    public void publish(String frame) {
        topic.publish(frame);
    }

    public int members() {
        return grid.getCluster().getMembers().size();
    }
}
