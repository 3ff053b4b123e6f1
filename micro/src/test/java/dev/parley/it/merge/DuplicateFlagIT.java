package dev.parley.it.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.it.support.AgentClient;
import dev.parley.it.support.Parley;
import dev.parley.it.support.ParleyServer;
import dev.parley.it.support.Reply;
import dev.parley.it.support.Scrape;
import dev.parley.it.support.WidgetClient;
import dev.parley.it.support.WidgetClient.Visitor;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The stored "has duplicates" flag (V17, {@code merge/control/DuplicateFlags}) against PostgreSQL: every path
 * that changes an input of the duplicate rule is driven over HTTP, one after the other, and after each step
 * (1) no conversation's flag disagrees with the rule: the reconciliation's drift check (the retention job run
 * on demand, whose {@code duplicateFlagsFixed} counts the flags that disagreed) finds none, (2) the writing
 * transaction got it right by itself: the recheck after commit changed nothing (the server log says when it
 * does), and (3) the agent API's {@code hasDuplicates=true} list is exactly the conversations expected. Each
 * check starts once the node's rechecks after commit have ended ({@code parley_duplicate_rechecks_pending} is 0),
 * so that a recheck still queued behind other work is counted in its own step, not in a later one.
 */
@ExtendWith(ParleyServer.class)
class DuplicateFlagIT {

    private static final String RECHECK_CHANGED = "duplicate flags: the recheck after commit changed ";

    @Test
    void theFlagFollowsEveryChangeOfTheRulesInputs(Parley parley) throws IOException {
        WidgetClient widget = parley.widget();
        AgentClient agent = parley.agent();
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String pat = "pat-" + tag + "@example.com";
        Steps steps = new Steps(parley);

        Visitor a = widget.newVisitor();
        long a1 = started(widget, a, "a1", "Pat", pat, "Where is my order " + tag + "?");
        steps.expect("a first conversation", List.of(a));

        assertThat(agent.status(a1, "RESOLVED").status()).isEqualTo(200);
        steps.expect("resolved", List.of(a));

        long a2 = started(widget, a, "a2", "Pat", pat, "Where is my order " + tag + "?");
        steps.expect("the same first message after a resolve", List.of(a), a1, a2);

        assertThat(agent.status(a2, "RESOLVED").status()).isEqualTo(200);
        steps.expect("both resolved: the same question still", List.of(a), a1, a2);

        Reply merged = agent.merge(a1, a2);
        assertThat(merged.status()).as(merged.toString()).isEqualTo(200);
        steps.expect("merged: one conversation left", List.of(a));

        Reply unmerged = agent.unmerge(a2);
        assertThat(unmerged.status()).as(unmerged.toString()).isEqualTo(200);
        steps.expect("unmerged: both again", List.of(a), a1, a2);

        Visitor b = widget.newVisitor();
        long b1 = started(widget, b, "b1", "Pat", pat, "Something else " + tag);
        steps.expect("a second contact with the same email, later", List.of(a, b), a1, a2);

        assertThat(agent.status(a1, "RESOLVED").status()).isEqualTo(200);
        Reply reopened = widget.post(
                "conversations/" + a1 + "/messages",
                a.token(),
                Map.of(),
                "{\"content\":\"Still waiting " + tag + "\"}");
        assertThat(reopened.status()).as(reopened.toString()).isEqualTo(201);
        steps.expect("reopened by the visitor: open at the same time as b1", List.of(a, b), a1, a2, b1);

        String quinn = "quinn-" + tag + "@example.com";
        Reply restarted = widget.start(b, "b2", WidgetClient.form("Quinn", quinn, "Another thing " + tag));
        assertThat(restarted.status()).as(restarted.toString()).isIn(200, 201);
        assertThat(restarted.id()).isEqualTo(b1);
        steps.expect("b's email changed through the pre-chat form", List.of(a, b), a1, a2);

        assertThat(agent.status(a1, "RESOLVED").status()).isEqualTo(200);
        steps.expect("resolved again", List.of(a, b), a1, a2);

        String identifier = "pat-user-" + tag;
        Visitor v = widget.verifiedVisitor(identifier);
        long v1 = started(widget, v, "v1", "Pat", pat, "Hello from my account " + tag);
        assertThat(agent.status(v1, "RESOLVED").status()).isEqualTo(200);
        steps.expect("a verified contact with the same email, later, another question", List.of(a, b, v), a1, a2);

        Visitor c = widget.newVisitor();
        long c1 = started(widget, c, "c1", "Ron", "ron-" + tag + "@example.com", "Where is my order " + tag + "?");
        steps.expect("the same question from another email", List.of(a, b, v, c), a1, a2);

        Reply identified = widget.identify(c, identifier, ParleyServer.IDENTITY_SECRET);
        assertThat(identified.status()).as(identified.toString()).isEqualTo(200);
        steps.expect("c merged into the verified contact: now the same person", List.of(a, b, v, c), a1, a2, c1);

        Reply erased = agent.delete("contacts/" + a.contactId());
        assertThat(erased.status()).as(erased.toString()).isEqualTo(200);
        steps.expect("a erased: no email in common any more", List.of(a, b, v, c), a1, a2);
    }

    @Test
    void theReconciliationFixesAFlagChangedBehindParleysBack(Parley parley) throws IOException {
        WidgetClient widget = parley.widget();
        AgentClient agent = parley.agent();
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String email = "sam-" + tag + "@example.com";
        Visitor visitor = widget.newVisitor();
        long first = started(widget, visitor, "s1", "Sam", email, "Refund " + tag);
        assertThat(agent.status(first, "RESOLVED").status()).isEqualTo(200);
        long second = started(widget, visitor, "s2", "Sam", email, "Refund " + tag);
        Steps steps = new Steps(parley);
        steps.expect("the same question twice", List.of(visitor), first, second);

        // changed behind Parley's back once no recheck of the starts is left to see (and rightly fix) it
        rechecksEnded(parley);
        assertThat(parley.execute("update conversation set has_duplicates = false where id = ?", second))
                .isEqualTo(1);
        assertThat(listed(agent, List.of(visitor))).containsExactly(first);

        Reply run = agent.post("inbox/retention/run", "");
        assertThat(run.status()).as(run.toString()).isEqualTo(200);
        assertThat(run.json().getInt("duplicateFlagsFixed")).isEqualTo(1);
        assertThat(listed(agent, List.of(visitor))).containsExactly(first, second);
        assertThat(parley.rows("select detail from audit_event where action = 'retention.run' order by id desc limit 1")
                        .get(0)
                        .get(0))
                .asString()
                .endsWith("; duplicate flags fixed 1");
        steps.expect("reconciled", List.of(visitor), first, second);
    }

    private static long started(
            WidgetClient widget, Visitor visitor, String key, String name, String email, String text) {
        Reply started = widget.start(visitor, key, WidgetClient.form(name, email, text));
        assertThat(started.status()).as(started.toString()).isEqualTo(201);
        return started.id();
    }

    private static final String RECHECKS_PENDING = "parley_duplicate_rechecks_pending";

    /** Waits until every recheck after commit queued on the node has ended. */
    private static void rechecksEnded(Parley parley) {
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    Scrape scrape = Scrape.of(parley);
                    assertThat(scrape.has(RECHECKS_PENDING))
                            .as(RECHECKS_PENDING + " in " + scrape.text())
                            .isTrue();
                    return scrape.value(RECHECKS_PENDING) == 0;
                });
    }

    /** The {@code hasDuplicates=true} list of the agent API, restricted to these visitors' conversations. */
    private static Set<Long> listed(AgentClient agent, List<Visitor> visitors) {
        Set<Long> ids = new TreeSet<>();
        for (Visitor visitor : visitors) {
            Reply list = agent.get("conversations?hasDuplicates=true&size=200&contactId=" + visitor.contactId());
            assertThat(list.status()).as(list.toString()).isEqualTo(200);
            assertThat(list.header("X-Total-Count"))
                    .isEqualTo(String.valueOf(list.array().size()));
            list.array()
                    .forEach(c -> ids.add(c.asJsonObject().getJsonNumber("id").longValue()));
        }
        return ids;
    }

    /** Checks after each step, counting the recheck's log lines from where the previous step left off. */
    private static final class Steps {

        private final Parley parley;
        private long rechecks;

        Steps(Parley parley) throws IOException {
            this.parley = parley;
            this.rechecks = rechecks();
        }

        void expect(String step, List<Visitor> visitors, long... expected) throws IOException {
            rechecksEnded(parley);
            Reply run = parley.agent().post("inbox/retention/run", "");
            assertThat(run.status()).as(run.toString()).isEqualTo(200);
            assertThat(run.json().getInt("duplicateFlagsFixed"))
                    .as(step + ": flags that disagreed with the rule")
                    .isZero();
            long now = rechecks();
            assertThat(now - rechecks)
                    .as(step + ": flags the writing transaction left wrong (fixed by the recheck after commit)")
                    .isZero();
            rechecks = now;
            Set<Long> wanted = new TreeSet<>();
            Arrays.stream(expected).filter(id -> id > 0).forEach(wanted::add);
            assertThat(listed(parley.agent(), visitors)).as(step).isEqualTo(wanted);
        }

        private long rechecks() throws IOException {
            try (var lines = Files.lines(parley.log())) {
                return lines.filter(line -> line.contains(RECHECK_CHANGED)).count();
            }
        }
    }
}
