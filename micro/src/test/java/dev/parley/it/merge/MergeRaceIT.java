package dev.parley.it.merge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.it.support.AgentClient;
import dev.parley.it.support.Parley;
import dev.parley.it.support.ParleyServer;
import dev.parley.it.support.Race;
import dev.parley.it.support.Reply;
import dev.parley.it.support.WidgetClient;
import dev.parley.it.support.WidgetClient.Visitor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Fifty merges at once over overlapping sets of twelve conversations, A into B racing B into A among
 * them: each answer is 200, 409 or 503 (never a 500, never a hang), and afterwards the merge graph
 * is a forest, every message exists exactly once in a conversation that is not merged, each visitor
 * has at most one live conversation, and undoing the merges newest first restores every message
 * to where it was written and every conversation to its status.
 */
@ExtendWith(ParleyServer.class)
class MergeRaceIT {

    static final int MERGES = 50;

    @Test
    void fiftyConcurrentMergesWithOverlappingSetsEndConsistent(Parley parley) {
        List<Long> conversations = new ArrayList<>();
        for (String name : List.of("Xena", "Yuri")) {
            conversations.addAll(conversationsOfOneVisitor(parley, name, 6));
        }
        String in = "("
                + String.join(",", conversations.stream().map(String::valueOf).toList()) + ")";
        Map<Long, String> statusBefore = statuses(parley, in);
        List<List<Object>> messagesBefore = parley.rows(
                "select id, conversation_id, content from message where conversation_id in " + in + " order by id");
        long a = conversations.get(0);
        long b = conversations.get(1);
        Random random = new Random(42);
        List<long[]> plans = new ArrayList<>();
        for (int i = 0; i < MERGES; i++) {
            if (i % 10 == 0) {
                plans.add(new long[] {a, b});
            } else if (i % 10 == 1) {
                plans.add(new long[] {b, a});
            } else {
                List<Long> shuffled = new ArrayList<>(conversations);
                java.util.Collections.shuffle(shuffled, random);
                plans.add(shuffled.subList(0, 2 + random.nextInt(3)).stream()
                        .mapToLong(Long::longValue)
                        .toArray());
            }
        }
        AgentClient agent = parley.agent();

        List<Reply> replies = Race.run(
                MERGES,
                i -> agent.merge(
                        plans.get(i)[0],
                        true,
                        LongStream.of(plans.get(i)).skip(1).toArray()));

        assertThat(replies)
                .allSatisfy(
                        reply -> assertThat(reply.status()).as(reply.toString()).isIn(200, 409, 503));
        assertThat(replies).filteredOn(reply -> reply.status() == 200).isNotEmpty();
        Map<Long, Long> mergedInto = new HashMap<>();
        parley.rows("select id, merged_into_id from conversation where id in " + in)
                .forEach(row -> mergedInto.put(
                        ((Number) row.get(0)).longValue(),
                        row.get(1) == null ? null : ((Number) row.get(1)).longValue()));
        for (long id : conversations) {
            Long next = mergedInto.get(id);
            for (int hops = 0; next != null; hops++) {
                assertThat(hops).as("chain from " + id + " ends").isLessThan(conversations.size());
                assertThat(next).as("chains stay among the raced conversations").isIn(conversations);
                next = mergedInto.get(next);
            }
        }
        assertThat(parley.rows(
                        "select id, content from message where id in (" + idsOf(messagesBefore) + ") order by id"))
                .as("every message exactly once")
                .containsExactlyElementsOf(messagesBefore.stream()
                        .map(row -> List.of(row.get(0), row.get(2)))
                        .toList());
        assertThat(parley.count("select count(*) from message m join conversation c on c.id = m.conversation_id"
                        + " where c.status = 'MERGED' and c.id in " + in))
                .as("no message left in a merged source")
                .isZero();
        assertThat(parley.count("select count(*) from (select contact_id from conversation where id in " + in
                        + " and status in ('OPEN', 'PENDING') group by contact_id having count(*) > 1) x"))
                .isZero();
        assertThat(parley.count("select count(*) from conversation c where c.id in " + in + " and c.status = 'MERGED'"
                        + " and 1 <> (select count(*) from merge_record r where r.source_id = c.id and r.unmerged_at is null"
                        + " and r.target_id = c.merged_into_id)"))
                .as("one active record per merged source")
                .isZero();

        for (List<Object> record : parley.rows("select source_id from merge_record where unmerged_at is null"
                + " and source_id in " + in + " order by id desc")) {
            Reply unmerged = agent.unmerge(((Number) record.get(0)).longValue());
            assertThat(unmerged.status()).as(unmerged.toString()).isEqualTo(200);
        }
        assertThat(parley.rows("select id, conversation_id, content from message where id in (" + idsOf(messagesBefore)
                        + ") order by id"))
                .as("every message back where it was written")
                .isEqualTo(messagesBefore);
        assertThat(statuses(parley, in)).isEqualTo(statusBefore);
    }

    static List<Long> conversationsOfOneVisitor(Parley parley, String name, int count) {
        WidgetClient widget = parley.widget();
        AgentClient agent = parley.agent();
        Visitor visitor = widget.newVisitor();
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long id = widget.start(visitor, "k" + i, WidgetClient.form(name, name + "@example.com", "Question " + i))
                    .id();
            agent.reply(id, "Answer " + i);
            if (i < count - 1) {
                assertThat(agent.status(id, "RESOLVED").status()).isEqualTo(200);
            }
            ids.add(id);
        }
        return ids;
    }

    static Map<Long, String> statuses(Parley parley, String in) {
        Map<Long, String> statuses = new HashMap<>();
        parley.rows("select id, status from conversation where id in " + in)
                .forEach(row -> statuses.put(((Number) row.get(0)).longValue(), (String) row.get(1)));
        return statuses;
    }

    static String idsOf(List<List<Object>> rows) {
        return String.join(
                ",", rows.stream().map(row -> String.valueOf(row.get(0))).toList());
    }
}
