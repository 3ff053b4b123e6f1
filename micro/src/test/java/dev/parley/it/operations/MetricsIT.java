package dev.parley.it.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.it.support.AgentClient;
import dev.parley.it.support.Parley;
import dev.parley.it.support.ParleyServer;
import dev.parley.it.support.Reply;
import dev.parley.it.support.Scrape;
import dev.parley.it.support.SocketClient;
import dev.parley.it.support.WidgetClient;
import dev.parley.it.support.WidgetClient.Visitor;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Parley's own metrics count exactly what happened: a scripted session against the shared server,
 * read as Prometheus reads {@code /metrics}, before and after (the server is shared, so deltas only;
 * the IT classes run one after another, so nothing else happens in between).
 */
@ExtendWith(ParleyServer.class)
class MetricsIT {

    static final String STARTS = "parley_conversation_starts_total";
    static final String DUPLICATES = "parley_duplicate_conversations_prevented_total";
    static final String MESSAGES = "parley_messages_total";
    static final String MERGES = "parley_conversation_merges_total";
    static final String UNMERGES = "parley_conversation_unmerges_total";
    static final String SOCKETS = "parley_open_sockets";
    static final String LAG_COUNT = "parley_push_delivery_lag_seconds_count";
    static final String UNAVAILABLE = "parley_unavailable_responses_total";
    static final String LOCK_TIMEOUTS = "parley_database_lock_timeouts_total";

    @Test
    void aScriptedSessionShowsItsExactCounts(Parley parley) {
        Scrape before = Scrape.of(parley);
        WidgetClient widget = parley.widget();
        AgentClient agent = parley.agent();
        Visitor visitor = widget.newVisitor();
        String hello = WidgetClient.form("Mona", "mona@example.com", "Where is my parcel?");

        Reply created = widget.start(visitor, "k1", hello);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        long first = created.id();
        assertThat(widget.start(visitor, "k1", hello).replayed()).isTrue();
        assertThat(widget.start(visitor, "k1", hello).replayed()).isTrue();
        Reply doubleClick = widget.start(visitor, "k2", hello);
        assertThat(doubleClick.status()).as(doubleClick.toString()).isEqualTo(200);
        assertThat(doubleClick.json().getJsonArray("messages")).hasSize(1);
        Reply followUp = widget.start(visitor, "k3", WidgetClient.form("Mona", "mona@example.com", "It's urgent"));
        assertThat(followUp.status()).as(followUp.toString()).isEqualTo(200);
        assertThat(followUp.json().getJsonArray("messages")).hasSize(2);
        Reply reused = widget.start(visitor, "k1", WidgetClient.form("Mona", "mona@example.com", "Other text"));
        assertThat(reused.status()).as(reused.toString()).isEqualTo(422);
        Reply posted = widget.post(
                "conversations/" + first + "/messages",
                visitor.token(),
                Map.of(),
                "{\"content\":\"Order 1234\",\"echoId\":\"e-1\"}");
        assertThat(posted.status()).as(posted.toString()).isEqualTo(201);

        try (SocketClient socket = SocketClient.connect(parley, visitor.token())) {
            await("the open widget socket counted")
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> delta(before, Scrape.of(parley), SOCKETS, "channel", "widget") == 1);
            assertThat(agent.reply(first, "Let me check").status()).isEqualTo(201);
            socket.awaitFrame(frame -> "message.created".equals(frame.getString("type")), "the agent's reply");
            await("the reply's push delivery lag recorded")
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> delta(before, Scrape.of(parley), LAG_COUNT, "channel", "widget") == 1);
        }
        await("the closed widget socket no longer counted")
                .atMost(Duration.ofSeconds(10))
                .until(() -> delta(before, Scrape.of(parley), SOCKETS, "channel", "widget") == 0);

        assertThat(agent.status(first, "RESOLVED").status()).isEqualTo(200);
        Reply second = widget.start(visitor, "k4", WidgetClient.form("Mona", "mona@example.com", "Still waiting"));
        assertThat(second.status()).as(second.toString()).isEqualTo(201);
        assertThat(agent.reply(second.id(), "On its way").status()).isEqualTo(201);
        Reply merged = agent.merge(first, second.id());
        assertThat(merged.status()).as(merged.toString()).isEqualTo(200);
        Reply unmerged = agent.unmerge(second.id());
        assertThat(unmerged.status()).as(unmerged.toString()).isEqualTo(200);

        Scrape after = Scrape.of(parley);
        assertThat(delta(before, after, STARTS, "outcome", "created")).isEqualTo(2);
        assertThat(delta(before, after, STARTS, "outcome", "replayed")).isEqualTo(2);
        assertThat(delta(before, after, STARTS, "outcome", "existing")).isEqualTo(2);
        assertThat(delta(before, after, STARTS, "outcome", "coalesced")).isZero();
        assertThat(delta(before, after, STARTS, "outcome", "refused")).isEqualTo(1);
        assertThat(after.has(STARTS, "outcome", "coalesced")).as(after.text()).isTrue();
        assertThat(delta(before, after, DUPLICATES)).isEqualTo(4);
        assertThat(delta(before, after, MESSAGES, "sender", "visitor")).isEqualTo(4);
        assertThat(delta(before, after, MESSAGES, "sender", "agent")).isEqualTo(2);
        assertThat(delta(before, after, MESSAGES, "sender", "system")).isZero();
        assertThat(delta(before, after, MERGES)).isEqualTo(1);
        assertThat(delta(before, after, UNMERGES)).isEqualTo(1);
        assertThat(delta(before, after, SOCKETS, "channel", "widget")).isZero();
        assertThat(delta(before, after, LAG_COUNT, "channel", "widget")).isEqualTo(1);
        assertThat(delta(before, after, UNAVAILABLE)).isZero();
        assertThat(delta(before, after, LOCK_TIMEOUTS)).isZero();
    }

    @Test
    void everyMetricIsPrometheusTextWithItsHelpAndType(Parley parley) {
        Scrape scrape = Scrape.of(parley);

        for (String name : new String[] {
            "parley_conversation_starts", "parley_duplicate_conversations_prevented", "parley_messages",
            "parley_conversation_merges", "parley_conversation_unmerges", "parley_contact_merges",
            "parley_database_lock_timeouts", "parley_unavailable_responses"
        }) {
            assertThat(scrape.text()).as(scrape.text()).contains("# TYPE " + name + "_total counter");
            assertThat(scrape.text()).contains("# HELP " + name + "_total ");
        }
        assertThat(scrape.has(SOCKETS, "channel", "widget")).as(scrape.text()).isTrue();
        assertThat(scrape.text()).contains("# TYPE " + SOCKETS + " gauge");
    }

    static double delta(Scrape before, Scrape after, String name, String... labels) {
        return after.value(name, labels) - before.value(name, labels);
    }
}
