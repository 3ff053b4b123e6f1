package dev.parley.it.operations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.it.support.EmbeddedDatabase;
import dev.parley.it.support.Parley;
import dev.parley.it.support.ParleyServer;
import dev.parley.it.support.Race;
import dev.parley.it.support.Reply;
import dev.parley.it.support.WidgetClient;
import dev.parley.it.support.WidgetClient.Visitor;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The same promise on the embedded default database (H2, configured exactly as the README's run
 * command does): the migrations, the constraint and the locks work there too.
 */
@EmbeddedDatabase
@ExtendWith(ParleyServer.class)
class EmbeddedDefaultIT {

    @Test
    void concurrentStartsWithOneKeyMakeOneConversation(Parley parley) {
        WidgetClient widget = parley.widget();
        Visitor visitor = widget.newVisitor();
        String form = WidgetClient.form("Ann", "ann@example.com", "Hello from H2");

        List<Reply> replies = Race.run(50, i -> widget.start(visitor, "same-key", form));

        assertThat(replies)
                .allSatisfy(r -> assertThat(r.status()).as(r.toString()).isIn(201, 409));
        assertThat(replies.stream()
                        .filter(r -> r.status() == 201)
                        .map(Reply::id)
                        .collect(Collectors.toSet()))
                .hasSize(1);
        assertThat(replies.stream()
                        .filter(r -> r.status() == 201 && !r.replayed())
                        .count())
                .isEqualTo(1);
        assertThat(widget.get("conversations", visitor.token()).array()).hasSize(1);
    }

    @Test
    void concurrentStartsWithManyKeysShareOneOpenConversation(Parley parley) {
        WidgetClient widget = parley.widget();
        Visitor visitor = widget.newVisitor();

        List<Reply> replies = Race.run(
                50,
                i -> widget.start(visitor, "key-" + i, WidgetClient.form("Bob", "bob@example.com", "Question " + i)));

        assertThat(replies)
                .allSatisfy(r -> assertThat(r.status()).as(r.toString()).isIn(200, 201));
        assertThat(replies.stream().map(Reply::id).collect(Collectors.toSet())).hasSize(1);
        assertThat(widget.get("conversations", visitor.token()).array()).hasSize(1);
        long id = replies.get(0).id();
        assertThat(widget.get("conversations/" + id + "/messages", visitor.token())
                        .array())
                .as("every distinct message is kept, once")
                .hasSize(50);
    }

    @Test
    void secretsNeverReachTheLog(Parley parley) throws Exception {
        WidgetClient widget = parley.widget();
        Visitor visitor = widget.newVisitor();
        widget.start(visitor, "k", WidgetClient.form("Ann", "ann@example.com", "Hello"));
        assertThat(parley.agent().get("conversations").status()).isEqualTo(200);

        String log = java.nio.file.Files.readString(parley.log());

        assertThat(log)
                .as("the server log of " + parley.log())
                .contains("website token")
                .doesNotContain(ParleyServer.EMBEDDED_DB_PASSWORD)
                .doesNotContain(ParleyServer.ADMIN_PASSWORD)
                .doesNotContain(ParleyServer.IDENTITY_SECRET)
                .doesNotContain(visitor.token());
    }

    @Test
    void anAgentReplyReachesTheVisitor(Parley parley) {
        WidgetClient widget = parley.widget();
        Visitor visitor = widget.newVisitor();
        long id = widget.start(visitor, "k", WidgetClient.form("Ann", "ann@example.com", "Hello"))
                .id();

        assertThat(parley.agent().reply(id, "Welcome!").status()).isEqualTo(201);

        assertThat(widget.get("conversations/" + id + "/messages?after=0", visitor.token())
                        .array())
                .hasSize(2);
    }

    @Test
    void theTextSearchFindsAConversationByNameEmailOrAnyMessage(Parley parley) {
        WidgetClient widget = parley.widget();
        String word = "h2q" + System.nanoTime();
        long id = widget.start(
                        widget.newVisitor(),
                        "k",
                        WidgetClient.form("Name " + word, "mail" + word + "@example.com", "About the " + word))
                .id();
        assertThat(parley.agent().reply(id, "An agent says " + word + "-reply").status())
                .isEqualTo(201);

        for (String text : List.of(
                "NAME " + word, "MAIL" + word + "@", "about the " + word.toUpperCase(), word + "-reply", word)) {
            Reply list = parley.agent()
                    .get("conversations?q="
                            + java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8));
            assertThat(list.status()).as(text + ": " + list).isEqualTo(200);
            assertThat(list.array())
                    .as(text)
                    .singleElement()
                    .satisfies(line -> assertThat(
                                    line.asJsonObject().getJsonNumber("id").longValue())
                            .isEqualTo(id));
        }
        assertThat(parley.agent().get("conversations?q=" + word + "-nowhere").array())
                .isEmpty();
    }
}
