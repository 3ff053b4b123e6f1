package dev.parley.cluster.control;

import dev.parley.cluster.control.EventSignatures.Verdict;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * Counts the grid events this node dropped (missing or wrong signature, outside the window) for
 * {@code /health/ready}, and says so in the log at most once per {@link #WARNING_INTERVAL}, so a
 * flood of forgeries cannot flood the log. The log names the topic, the verdict and the member that
 * published, never the payload.
 */
public final class RejectedEvents {

    private static final Logger LOG = Logger.getLogger(RejectedEvents.class.getName());

    static final Duration WARNING_INTERVAL = Duration.ofMinutes(1);

    private final AtomicLong count = new AtomicLong();
    private final AtomicLong nextWarning = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong sinceWarning = new AtomicLong();
    private final Clock clock;

    public RejectedEvents(Clock clock) {
        this.clock = clock;
    }

    public void reject(String topic, Verdict verdict, Object publisher) {
        count.incrementAndGet();
        sinceWarning.incrementAndGet();
        long now = clock.millis();
        long due = nextWarning.get();
        if (now >= due && nextWarning.compareAndSet(due, now + WARNING_INTERVAL.toMillis())) {
            long dropped = sinceWarning.getAndSet(0);
            LOG.warning("Dropped " + dropped + " cluster event(s) since the last warning; latest on " + topic + ": "
                    + verdict + " from member " + publisher + ". Is PARLEY_CLUSTER_SECRET the same on every node,"
                    + " and the grid port reachable by the nodes only? (" + count.get() + " in all)");
        }
    }

    public long count() {
        return count.get();
    }
}
