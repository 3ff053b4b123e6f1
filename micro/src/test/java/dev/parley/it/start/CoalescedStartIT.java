package dev.parley.it.start;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.it.support.Parley;
import dev.parley.it.support.ParleyServer;
import dev.parley.it.support.Race;
import dev.parley.it.support.Reply;
import dev.parley.it.support.WidgetClient;
import dev.parley.it.support.WidgetClient.Visitor;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One visitor, many Idempotency-Keys at once, black-box over HTTP against Payara Micro and PostgreSQL:
 * the starts that wait for a running one are answered together (docs/GUARANTEES.md, "no queue behind
 * one visitor"), and every answer is still the one the rule gives each key as if they had run one after
 * another: one conversation, each key's replay its first answer, a reused key refused, every message
 * counted once.
 */
@ExtendWith(ParleyServer.class)
class CoalescedStartIT {

    /** At the default cap of records per visitor (100), so every key is still remembered afterwards. */
    static final int KEYS = 100;

    @Test
    void aHundredKeysOfOneVisitorAtOnceMakeOneConversationAndEachKeyReplaysItsFirstAnswer(Parley parley) {
        WidgetClient widget = parley.widget();
        Visitor visitor = widget.newVisitor();
        String form = WidgetClient.form("Cleo", "cleo@example.com", "Is anyone there?");

        List<Reply> first = Race.run(KEYS, i -> widget.start(visitor, "storm-" + i, form));

        assertThat(first)
                .allSatisfy(r -> assertThat(r.status()).as(r.toString()).isIn(200, 201));
        assertThat(first.stream().filter(r -> r.status() == 201).count()).isEqualTo(1);
        assertThat(first.stream().filter(Reply::replayed))
                .as("every key is new")
                .isEmpty();
        assertThat(first.stream().map(Reply::id).collect(Collectors.toSet())).hasSize(1);
        long id = first.get(0).id();
        assertThat(parley.count("select count(*) from conversation where contact_id = ?", visitor.contactId()))
                .isEqualTo(1);
        assertThat(parley.count("select count(*) from message where conversation_id = ?", id))
                .as("the repeated first message is kept once")
                .isEqualTo(1);
        assertThat(parley.count("select count(*) from idempotency_record where contact_id = ?", visitor.contactId()))
                .isEqualTo(KEYS);
        assertThat(parley.count(
                        "select count(*) from audit_event where contact_id = ? and action = 'conversation.start'"
                                + " and outcome in ('created', 'existing')",
                        visitor.contactId()))
                .as("one audit entry per key")
                .isEqualTo(KEYS);

        List<Reply> again = Race.run(KEYS, i -> widget.start(visitor, "storm-" + i, form));

        for (int i = 0; i < KEYS; i++) {
            Reply replay = again.get(i);
            assertThat(replay.replayed()).as("key %d replayed: %s", i, replay).isTrue();
            assertThat(replay.status()).as("key %d", i).isEqualTo(first.get(i).status());
            assertThat(replay.body()).as("key %d", i).isEqualTo(first.get(i).body());
        }
        assertThat(parley.count("select count(*) from message where conversation_id = ?", id))
                .isEqualTo(1);
    }

    @Test
    void aKeyReusedWithAnotherBodyIsRefusedWhileTheOthersAreAnswered(Parley parley) {
        WidgetClient widget = parley.widget();
        Visitor visitor = widget.newVisitor();
        String same = WidgetClient.form("Dan", "dan@example.com", "Where is my parcel?");

        // every key twice at once: once with the shared form, once with a message of its own
        List<Reply> replies = Race.run(
                KEYS,
                i -> widget.start(
                        visitor,
                        "pair-" + i / 2,
                        i % 2 == 0 ? same : WidgetClient.form("Dan", "dan@example.com", "Also: order " + i)));

        Map<String, List<Reply>> byKey = IntStream.range(0, KEYS)
                .boxed()
                .collect(Collectors.groupingBy(
                        i -> "pair-" + i / 2, Collectors.mapping(replies::get, Collectors.toList())));
        assertThat(byKey.values()).allSatisfy(pair -> {
            assertThat(pair.stream().map(Reply::status).filter(s -> s == 422))
                    .as(pair.toString())
                    .hasSize(1);
            assertThat(pair.stream().map(Reply::status).filter(s -> s == 200 || s == 201))
                    .as(pair.toString())
                    .hasSize(1);
        });
        Set<Long> ids =
                replies.stream().filter(r -> r.status() != 422).map(Reply::id).collect(Collectors.toSet());
        assertThat(ids).hasSize(1);
        long id = ids.iterator().next();
        assertThat(parley.count("select count(*) from conversation where contact_id = ?", visitor.contactId()))
                .isEqualTo(1);
        assertThat(parley.count("select count(*) from idempotency_record where contact_id = ?", visitor.contactId()))
                .isEqualTo(KEYS / 2);
        Function<String, Long> audited = outcome -> parley.count(
                "select count(*) from audit_event where contact_id = ? and action = 'conversation.start'"
                        + " and outcome = ?",
                visitor.contactId(),
                outcome);
        assertThat(audited.apply("conflict")).isEqualTo(KEYS / 2);
        assertThat(parley.count("select count(*) from message where conversation_id = ?", id))
                .as("one message for the creation and one per start that appended")
                .isEqualTo(audited.apply("created") + audited.apply("existing+message"));
        assertThat(audited.apply("created")).isEqualTo(1);
    }

    @Test
    void aHundredDifferentMessagesAtOnceAreEachStoredOnceInOneConversation(Parley parley) {
        WidgetClient widget = parley.widget();
        Visitor visitor = widget.newVisitor();

        List<Reply> replies = Race.run(
                KEYS,
                i -> widget.start(
                        visitor, "message-" + i, WidgetClient.form("Eve", "eve@example.com", "Question " + i)));

        assertThat(replies)
                .allSatisfy(r -> assertThat(r.status()).as(r.toString()).isIn(200, 201));
        assertThat(replies.stream().map(Reply::id).collect(Collectors.toSet())).hasSize(1);
        long id = replies.get(0).id();
        assertThat(parley.count("select count(*) from message where conversation_id = ?", id))
                .isEqualTo(KEYS);
        assertThat(parley.count("select count(distinct content) from message where conversation_id = ?", id))
                .isEqualTo(KEYS);
        for (int i = 0; i < KEYS; i++) {
            assertThat(replies.get(i).json().getJsonArray("messages").stream()
                            .map(m -> m.asJsonObject().getString("content"))
                            .toList())
                    .as("answer %d shows the conversation with its own message in it", i)
                    .contains("Question " + i);
        }
    }
}
