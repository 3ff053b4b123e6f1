package dev.parley.it.start;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.contact.boundary.Contacts;
import dev.parley.contact.entity.ContactRef;
import dev.parley.contact.entity.NewSession;
import dev.parley.conversation.boundary.Conversations;
import dev.parley.conversation.entity.ConversationStatus;
import dev.parley.inbox.boundary.Inboxes;
import dev.parley.it.support.ParleyServer;
import dev.parley.it.support.TestDatabase;
import dev.parley.start.boundary.ConversationStarter;
import dev.parley.start.entity.PreChatForm;
import dev.parley.start.entity.StartResult;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Inside the container, against PostgreSQL: the services themselves under races the HTTP API
 * cannot time precisely, and the database constraint that stands behind them.
 */
@ExtendWith(ArquillianExtension.class)
class ConversationServicesIT {

    static final int ROUNDS = 40;

    @Inject
    ConversationStarter starter;

    @Inject
    Conversations conversations;

    @Inject
    Contacts contacts;

    @Inject
    Inboxes inboxes;

    @Resource
    ManagedExecutorService executor;

    @Resource(lookup = "java:comp/DefaultDataSource")
    DataSource dataSource;

    @Deployment
    static WebArchive deployment() throws Exception {
        String database = TestDatabase.create("parley_arquillian");
        Path config = Files.createDirectories(Path.of("target", "arquillian"));
        Files.writeString(config.resolve("postboot.asadmin"), ParleyServer.postgresDatasource(database));
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("parley.war")))
                .addClass(ConversationServicesIT.class);
    }

    @Test
    void aStartRacingAResolveNeverLeavesTwoLiveConversations() throws Exception {
        ContactRef visitor = newVisitor();
        for (int i = 0; i < ROUNDS; i++) {
            int round = i;
            StartResult first = starter.start(visitor, "first-" + round, form("Question " + round), "round-" + round);
            CyclicBarrier barrier = new CyclicBarrier(2);
            CompletableFuture<Void> resolve = CompletableFuture.runAsync(
                    () -> {
                        await(barrier);
                        conversations.changeStatus(
                                first.conversationId(), ConversationStatus.RESOLVED, "agent:test", "resolve");
                    },
                    executor);
            CompletableFuture<StartResult> start = CompletableFuture.supplyAsync(
                    () -> {
                        await(barrier);
                        return starter.start(visitor, "second-" + round, form("Follow-up " + round), "second-" + round);
                    },
                    executor);
            resolve.get(30, TimeUnit.SECONDS);
            StartResult second = start.get(30, TimeUnit.SECONDS);

            long live = liveConversations(visitor);
            assertTrue(live <= 1, "round " + round + ": " + live + " live conversations");
            if (second.status() == 201) {
                assertNotEquals(first.conversationId(), second.conversationId());
                assertEquals(1, live, "round " + round + ": the new conversation is live");
                conversations.changeStatus(second.conversationId(), ConversationStatus.RESOLVED, "agent:test", "reset");
            } else {
                assertEquals(200, second.status());
                assertEquals(first.conversationId(), second.conversationId());
                assertEquals(0, live, "round " + round + ": the start came first and the resolve closed it");
            }
        }
    }

    @Test
    void theDatabaseRefusesASecondLiveConversationWhateverTheCode() throws Exception {
        ContactRef visitor = newVisitor();
        StartResult open = starter.start(visitor, "k", form("Hello"), "constraint");

        SQLException refused = assertThrows(SQLException.class, () -> {
            try (Connection connection = dataSource.getConnection();
                    PreparedStatement insert = connection.prepareStatement("insert into conversation"
                            + " (inbox_id, contact_id, status, active_contact_id, created_at, updated_at)"
                            + " values (?, ?, 'OPEN', ?, now(), now())")) {
                insert.setLong(1, visitor.inboxId());
                insert.setLong(2, visitor.contactId());
                insert.setLong(3, visitor.contactId());
                insert.executeUpdate();
            }
        });
        assertEquals("23505", refused.getSQLState(), refused.getMessage());
        assertThrows(
                SQLException.class,
                () -> {
                    try (Connection connection = dataSource.getConnection();
                            PreparedStatement cheat = connection.prepareStatement(
                                    "update conversation set active_contact_id = null where id = ?")) {
                        cheat.setLong(1, open.conversationId());
                        cheat.executeUpdate();
                    }
                },
                "a live conversation cannot hide from the constraint");
        assertEquals(1, liveConversations(visitor));
    }

    private ContactRef newVisitor() {
        NewSession session = contacts.startSession(inboxes.defaultInbox().getWebsiteToken(), "test");
        return contacts.authenticate(session.contactToken()).orElseThrow();
    }

    private long liveConversations(ContactRef visitor) {
        return conversations.forContact(visitor).stream()
                .filter(c -> c.status().equals("OPEN") || c.status().equals("PENDING"))
                .count();
    }

    private static PreChatForm form(String message) {
        return new PreChatForm("Ann", "ann@example.com", message);
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
