package dev.parley.metrics.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * Parley's own metrics, every name and label in this one class (docs/OPERATIONS.md lists them): each
 * feature reports the facts it decides once they are final (committed, or answered), and this class
 * turns them into MicroProfile Metrics in the application scope, which Payara serves as Prometheus text
 * at {@code /metrics?scope=application}. Counts are per node and start at 0 with the node: Prometheus
 * sums the nodes and {@code rate()} copes with restarts.
 *
 * <p>Where the runtime has no MicroProfile Metrics (WildFly 39 ships Micrometer instead), every method
 * does nothing: the EAR deploys unchanged and WildFly's operators get the server's own metrics only.
 */
@ApplicationScoped
public class Metrics {

    public static final String STARTS = "parley_conversation_starts";
    public static final String DUPLICATES_PREVENTED = "parley_duplicate_conversations_prevented";
    public static final String MESSAGES = "parley_messages";
    public static final String MERGES = "parley_conversation_merges";
    public static final String UNMERGES = "parley_conversation_unmerges";
    public static final String CONTACT_MERGES = "parley_contact_merges";
    public static final String OPEN_SOCKETS = "parley_open_sockets";
    public static final String PUSH_LAG = "parley_push_delivery_lag";
    public static final String RATE_LIMITED = "parley_rate_limit_refusals";
    public static final String LOCK_TIMEOUTS = "parley_database_lock_timeouts";
    public static final String UNAVAILABLE = "parley_unavailable_responses";
    public static final String WEBHOOK_DELIVERIES = "parley_webhook_deliveries";
    public static final String WEBHOOK_OLDEST_UNDELIVERED = "parley_webhook_oldest_undelivered_seconds";
    public static final String DUPLICATE_RECHECKS_PENDING = "parley_duplicate_rechecks_pending";

    /** The values of {@link #STARTS}' {@code outcome} label. */
    public static final List<String> START_OUTCOMES =
            List.of("created", "existing", "replayed", "coalesced", "refused");

    /**
     * The start outcomes that answered with a conversation the visitor already had: without the start
     * rule, each would have been a second conversation.
     */
    public static final List<String> DUPLICATE_OUTCOMES = List.of("existing", "replayed", "coalesced");

    /** The values of {@link #MESSAGES}' {@code sender} label. */
    public static final List<String> SENDERS = List.of("visitor", "agent", "system");

    /** The values of {@link #OPEN_SOCKETS}' and {@link #PUSH_LAG}'s {@code channel} label. */
    public static final List<String> CHANNELS = List.of("widget", "console");

    /** The values of {@link #UNAVAILABLE}'s {@code cause} label. */
    /**
     * What a webhook delivery attempt came to: {@code delivered}, {@code retried} (failed, to be tried again),
     * {@code failed} (given up), {@code lost} (its lease had run out and another node owned it).
     */
    public static final List<String> WEBHOOK_OUTCOMES = List.of("delivered", "retried", "failed", "lost");

    public static final List<String> UNAVAILABLE_CAUSES = List.of("lock_timeout", "database", "overload");

    private Meters meters = Meters.NONE;

    @PostConstruct
    void connect() {
        try {
            meters = MicroProfileMeters.find().orElse(Meters.NONE);
        } catch (LinkageError noMicroProfileMetrics) {
            meters = Meters.NONE;
        }
        // every known series from the start, at 0, so that increase() and alerts see the first event
        START_OUTCOMES.forEach(outcome -> meters.add(STARTS, STARTS_HELP, 0, "outcome", outcome));
        meters.add(DUPLICATES_PREVENTED, DUPLICATES_HELP, 0);
        SENDERS.forEach(sender -> meters.add(MESSAGES, MESSAGES_HELP, 0, "sender", sender));
        meters.add(MERGES, MERGES_HELP, 0);
        meters.add(UNMERGES, UNMERGES_HELP, 0);
        meters.add(CONTACT_MERGES, CONTACT_MERGES_HELP, 0);
        meters.add(LOCK_TIMEOUTS, LOCK_TIMEOUTS_HELP, 0);
        UNAVAILABLE_CAUSES.forEach(cause -> meters.add(UNAVAILABLE, UNAVAILABLE_HELP, 0, "cause", cause));
        WEBHOOK_OUTCOMES.forEach(
                outcome -> meters.add(WEBHOOK_DELIVERIES, WEBHOOK_DELIVERIES_HELP, 0, "outcome", outcome));
    }

    /** Created when the application starts, so that the series exist before the first request. */
    void startup(@Observes @Initialized(ApplicationScoped.class) Object application) {
        // observing is enough: CDI created the bean to call this
    }

    /** A conversation start was answered ({@code outcome}: one of {@link #START_OUTCOMES}). */
    public void startAnswered(String outcome) {
        if (!START_OUTCOMES.contains(outcome)) {
            throw new IllegalArgumentException("not a start outcome: " + outcome);
        }
        meters.add(STARTS, STARTS_HELP, 1, "outcome", outcome);
        if (DUPLICATE_OUTCOMES.contains(outcome)) {
            meters.add(DUPLICATES_PREVENTED, DUPLICATES_HELP, 1);
        }
    }

    /** A message was committed ({@code sender}: one of {@link #SENDERS}). */
    public void messageStored(String sender) {
        meters.add(MESSAGES, MESSAGES_HELP, 1, "sender", sender);
    }

    /** A conversation was merged into another (one per source) and committed. */
    public void conversationMerged() {
        meters.add(MERGES, MERGES_HELP, 1);
    }

    /** A merged conversation was taken back out and the change committed. */
    public void conversationUnmerged() {
        meters.add(UNMERGES, UNMERGES_HELP, 1);
    }

    /** An anonymous visitor identified and its contact was merged into the verified one. */
    public void contactsMerged() {
        meters.add(CONTACT_MERGES, CONTACT_MERGES_HELP, 1);
    }

    /** A request exceeded the limit {@code limit} (a visitor limit's key, or {@code login}). */
    public void rateLimited(String limit) {
        meters.add(RATE_LIMITED, RATE_LIMITED_HELP, 1, "limit", limit);
    }

    /** A transaction waited out the database's lock or statement timeout. */
    public void lockTimedOut() {
        meters.add(LOCK_TIMEOUTS, LOCK_TIMEOUTS_HELP, 1);
    }

    /** A request was answered 503 ({@code cause}: one of {@link #UNAVAILABLE_CAUSES}). */
    public void unavailable(String cause) {
        meters.add(UNAVAILABLE, UNAVAILABLE_HELP, 1, "cause", cause);
    }

    /** A frame announcing a committed change was written to a socket of {@code channel}, {@code lag} after the commit. */
    public void pushed(String channel, Duration lag) {
        meters.observe(PUSH_LAG, PUSH_LAG_HELP, lag.isNegative() ? Duration.ZERO : lag, "channel", channel);
    }

    /** The sockets of {@code channel} open on this node, read at every scrape. */
    public void openSockets(String channel, Supplier<? extends Number> count) {
        meters.gauge(OPEN_SOCKETS, OPEN_SOCKETS_HELP, count, "channel", channel);
    }

    /** A webhook delivery attempt ended ({@code outcome}: one of {@link #WEBHOOK_OUTCOMES}). */
    public void webhookAttempted(String outcome) {
        if (!WEBHOOK_OUTCOMES.contains(outcome)) {
            throw new IllegalArgumentException("not a webhook outcome: " + outcome);
        }
        meters.add(WEBHOOK_DELIVERIES, WEBHOOK_DELIVERIES_HELP, 1, "outcome", outcome);
    }

    /** The age in seconds of the oldest webhook delivery still waiting, cluster-wide, read at every scrape. */
    public void webhookBacklog(Supplier<? extends Number> oldestSeconds) {
        meters.gauge(WEBHOOK_OLDEST_UNDELIVERED, WEBHOOK_OLDEST_HELP, oldestSeconds);
    }

    /**
     * The changes of the duplicate rule's inputs committed on this node whose recheck after commit has not ended
     * yet, read at every scrape.
     */
    public void duplicateRechecksPending(Supplier<? extends Number> pending) {
        meters.gauge(DUPLICATE_RECHECKS_PENDING, DUPLICATE_RECHECKS_HELP, pending);
    }

    private static final String DUPLICATE_RECHECKS_HELP =
            "Committed changes of the duplicate rule's inputs on this node whose recheck after commit has not ended";
    private static final String WEBHOOK_DELIVERIES_HELP = "Webhook delivery attempts on this node, by outcome";
    private static final String WEBHOOK_OLDEST_HELP =
            "Age of the oldest webhook delivery not yet delivered nor given up (enabled endpoints, all nodes)";
    private static final String STARTS_HELP = "Conversation starts answered, by outcome";
    private static final String DUPLICATES_HELP =
            "Starts answered with the visitor's existing conversation instead of a second one";
    private static final String MESSAGES_HELP = "Messages committed, by sender";
    private static final String MERGES_HELP = "Conversations merged into another";
    private static final String UNMERGES_HELP = "Merged conversations taken back out";
    private static final String CONTACT_MERGES_HELP =
            "Anonymous contacts merged into a verified one when they identified";
    private static final String OPEN_SOCKETS_HELP = "WebSockets open on this node, by channel";
    private static final String PUSH_LAG_HELP = "Time from the commit of a change to its frame written to a socket";
    private static final String RATE_LIMITED_HELP = "Requests over a limit, by limit";
    private static final String LOCK_TIMEOUTS_HELP =
            "Transactions that waited out the database's lock or statement timeout";
    private static final String UNAVAILABLE_HELP = "Requests answered 503, by cause";
}
