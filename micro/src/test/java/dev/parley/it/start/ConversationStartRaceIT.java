package dev.parley.it.start;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.it.support.Parley;
import dev.parley.it.support.ParleyServer;
import dev.parley.it.support.Race;
import dev.parley.it.support.Reply;
import dev.parley.it.support.WidgetClient;
import dev.parley.it.support.WidgetClient.Visitor;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The promise, black-box over HTTP against Payara Micro and PostgreSQL: one start, one
 * conversation, however many times and however concurrently a visitor clicks.
 */
@ExtendWith(ParleyServer.class)
class ConversationStartRaceIT {

    static final int CLICKS = 200;

    @Test
    void twoHundredStartsWithOneKeyMakeOneConversation(Parley parley) {
        WidgetClient widget = parley.widget();
        Visitor visitor = widget.newVisitor();
        String key = UUID.randomUUID().toString();
        String form = WidgetClient.form("Ann", "ann@example.com", "My order never arrived");

        List<Reply> replies = Race.run(CLICKS, i -> widget.start(visitor, key, form));

        List<Reply> answered = replies.stream().filter(r -> r.status() != 409).toList();
        assertThat(replies)
                .allSatisfy(r -> assertThat(r.status()).as(r.toString()).isIn(201, 409));
        assertThat(answered).isNotEmpty();
        assertThat(answered.stream().map(Reply::id).collect(Collectors.toSet())).hasSize(1);
        assertThat(answered.stream().filter(r -> !r.replayed()).count())
                .as("unmarked answers")
                .isEqualTo(1);
        assertThat(replies.stream().filter(r -> r.status() == 409))
                .allSatisfy(r -> assertThat(r.header("Retry-After")).isNotNull());
        long id = answered.get(0).id();
        assertThat(parley.count("select count(*) from conversation where contact_id = ?", visitor.contactId()))
                .isEqualTo(1);
        assertThat(parley.count("select count(*) from message where conversation_id = ?", id))
                .isEqualTo(1);
        assertThat(parley.count("select count(*) from idempotency_record where contact_id = ?", visitor.contactId()))
                .isEqualTo(1);
    }

    @Test
    void twoHundredStartsWithDifferentKeysShareOneOpenConversation(Parley parley) {
        WidgetClient widget = parley.widget();
        Visitor visitor = widget.newVisitor();
        String form = WidgetClient.form("Bob", "bob@example.com", "Hello?");

        List<Reply> replies = Race.run(CLICKS, i -> widget.start(visitor, "click-" + i, form));

        assertThat(replies)
                .allSatisfy(r -> assertThat(r.status()).as(r.toString()).isIn(200, 201));
        assertThat(replies.stream().filter(r -> r.status() == 201).count()).isEqualTo(1);
        assertThat(replies.stream().map(Reply::id).collect(Collectors.toSet())).hasSize(1);
        assertThat(parley.count("select count(*) from conversation where contact_id = ?", visitor.contactId()))
                .isEqualTo(1);
        assertThat(parley.count(
                        "select count(*) from conversation where contact_id = ? and status = 'OPEN'",
                        visitor.contactId()))
                .isEqualTo(1);
        assertThat(parley.count(
                        "select count(*) from message m join conversation c on c.id = m.conversation_id"
                                + " where c.contact_id = ?",
                        visitor.contactId()))
                .as("a repeated first message is kept once")
                .isEqualTo(1);
        assertThat(parley.count("select count(*) from idempotency_record where contact_id = ?", visitor.contactId()))
                .as("every key was recorded, and a visitor keeps its newest 100 (the default cap)")
                .isEqualTo(Math.min(CLICKS, 100));
    }

    @Test
    void twoHundredVisitorsStartingAtOnceGetTwoHundredConversations(Parley parley) {
        WidgetClient widget = parley.widget();
        List<Visitor> visitors = Race.run(CLICKS, i -> widget.newVisitor());

        List<Reply> replies = Race.run(
                CLICKS,
                i -> widget.start(
                        visitors.get(i),
                        "start",
                        WidgetClient.form("Visitor " + i, "v" + i + "@example.com", "Question " + i)));

        assertThat(replies)
                .allSatisfy(r -> assertThat(r.status()).as(r.toString()).isEqualTo(201));
        Set<Long> ids = replies.stream().map(Reply::id).collect(Collectors.toSet());
        assertThat(ids).hasSize(CLICKS);
        Set<Long> contacts = visitors.stream().map(Visitor::contactId).collect(Collectors.toSet());
        assertThat(parley.count(
                        "select count(distinct contact_id) from conversation where contact_id = any (?)",
                        (Object) contacts.toArray(Long[]::new)))
                .isEqualTo(CLICKS);
        assertThat(parley.count(
                        "select count(*) from conversation where id = any (?)", (Object) ids.toArray(Long[]::new)))
                .isEqualTo(CLICKS);
    }
}
