package dev.parley.webhook.control;

import dev.parley.assignment.entity.ConversationAssigned;
import dev.parley.contact.entity.ContactErased;
import dev.parley.contact.entity.VisitorContextChanged;
import dev.parley.conversation.control.ConversationJson;
import dev.parley.conversation.entity.ConversationCreated;
import dev.parley.conversation.entity.ConversationStatusChanged;
import dev.parley.conversation.entity.MessageCreated;
import dev.parley.merge.entity.ContactsMerged;
import dev.parley.merge.entity.ConversationUnmerged;
import dev.parley.merge.entity.ConversationsMerged;
import dev.parley.schema.control.Database;
import dev.parley.webhook.entity.OutboxWritten;
import dev.parley.webhook.entity.WebhookDelivery;
import dev.parley.webhook.entity.WebhookEndpointsChanged;
import dev.parley.webhook.entity.WebhookEvent;
import dev.parley.webhook.entity.WebhookEventType;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.FlushModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * The transactional outbox: observes the domain's events synchronously, inside the transaction that fires them
 * ({@code during = IN_PROGRESS}), and writes one {@link WebhookEvent} and one {@link WebhookDelivery} per
 * subscribed endpoint through the same persistence context. So the rows commit exactly when the change does: a
 * rolled-back change leaves none, a committed one cannot lose them, whatever happens to the node afterwards.
 * An event fired several times in one transaction (a message fired once per reader) is written once.
 * Without a subscribed endpoint nothing is written and no query runs ({@link Subscriptions}).
 *
 * <p>On PostgreSQL an event and its deliveries are one statement ({@link #WRITE_TOGETHER}: a data-modifying
 * {@code WITH}), one round trip and no managed entities, where the two persists were two round trips and two
 * entities to check at flush: the outbox rows are most of what webhooks add to a start (docs/BENCHMARKS.md).
 * Their keys still come from the tables' identities at the moment of writing, under the same locks as before,
 * so the order of deliveries is what it was. H2 (the run command's embedded database) has no such statement and
 * gets the two persists.
 */
@ApplicationScoped
public class Outbox {

    private static final Logger LOG = Logger.getLogger(Outbox.class.getName());
    private static final Object WRITTEN = Outbox.class.getName() + ".written";

    @PersistenceContext
    EntityManager em;

    @Resource
    TransactionSynchronizationRegistry transactions;

    @Inject
    Subscriptions subscriptions;

    @Inject
    Database database;

    @Inject
    Event<OutboxWritten> written;

    /** {@link dev.parley.conversation.control.Timeline#open} announces a conversation before its first message. */
    void conversationCreated(@Observes(during = TransactionPhase.IN_PROGRESS) ConversationCreated created) {
        var conversation = created.conversation();
        write(
                WebhookEventType.CONVERSATION_CREATED,
                "conversation:" + conversation.id(),
                conversation.id(),
                conversation.contactId(),
                data("conversation", conversation));
    }

    void messageCreated(@Observes(during = TransactionPhase.IN_PROGRESS) MessageCreated created) {
        var message = created.message();
        write(
                WebhookEventType.MESSAGE_CREATED,
                "message:" + message.id(),
                message.conversationId(),
                created.contactId(),
                data("message", message));
    }

    void statusChanged(@Observes(during = TransactionPhase.IN_PROGRESS) ConversationStatusChanged changed) {
        write(
                WebhookEventType.CONVERSATION_STATUS_CHANGED,
                "status:" + changed.conversationId() + ":" + changed.status(),
                changed.conversationId(),
                changed.contactId(),
                data(
                        "conversationId", changed.conversationId(),
                        "contactId", changed.contactId(),
                        "status", changed.status()));
    }

    void merged(@Observes(during = TransactionPhase.IN_PROGRESS) ConversationsMerged merged) {
        write(
                WebhookEventType.CONVERSATION_MERGED,
                "merged:" + merged.from() + ":" + merged.into(),
                merged.from(),
                null,
                data(
                        "from", merged.from(),
                        "into", merged.into(),
                        "contactIds", new TreeSet<>(merged.contactIds())));
    }

    void unmerged(@Observes(during = TransactionPhase.IN_PROGRESS) ConversationUnmerged unmerged) {
        write(
                WebhookEventType.CONVERSATION_UNMERGED,
                "unmerged:" + unmerged.conversationId() + ":" + unmerged.from(),
                unmerged.conversationId(),
                null,
                data(
                        "conversationId", unmerged.conversationId(),
                        "from", unmerged.from(),
                        "contactIds", new TreeSet<>(unmerged.contactIds())));
    }

    void assigned(@Observes(during = TransactionPhase.IN_PROGRESS) ConversationAssigned assigned) {
        write(
                WebhookEventType.CONVERSATION_ASSIGNED,
                "assigned:" + assigned.conversationId() + ":" + assigned.toAgentId(),
                assigned.conversationId(),
                assigned.contactId(),
                data(
                        "conversationId", assigned.conversationId(),
                        "contactId", assigned.contactId(),
                        "fromAgentId", assigned.fromAgentId(),
                        "toAgentId", assigned.toAgentId(),
                        "assignee", assigned.assignee(),
                        "actor", assigned.actor()));
    }

    void contextChanged(@Observes(during = TransactionPhase.IN_PROGRESS) VisitorContextChanged changed) {
        write(
                WebhookEventType.CONTACT_UPDATED,
                "contact:" + changed.contactId() + ":context",
                null,
                changed.contactId(),
                data("contactId", changed.contactId(), "change", "context"));
    }

    void contactsMerged(@Observes(during = TransactionPhase.IN_PROGRESS) ContactsMerged merged) {
        write(
                WebhookEventType.CONTACT_UPDATED,
                "contact:" + merged.survivorId() + ":merged:" + merged.mergedId(),
                null,
                merged.survivorId(),
                data("contactId", merged.survivorId(), "change", "merged", "mergedContactId", merged.mergedId()));
    }

    /**
     * An erased visitor's data leaves the outbox in the erasure's own transaction ({@link ContactErased}'s
     * contract): every event about the visitor or their conversations keeps its id, type and place in the order,
     * and its body keeps only ids; a delivery still pending or retried posts that body.
     */
    void contactErased(@Observes ContactErased erased) {
        Set<Long> conversations = erased.conversationIds().isEmpty() ? Set.of(-1L) : erased.conversationIds();
        for (WebhookEvent event : em.createNamedQuery(WebhookEvent.ABOUT, WebhookEvent.class)
                .setParameter("contacts", erased.contactIds())
                .setParameter("conversations", conversations)
                .getResultList()) {
            event.scrub(body(
                    WebhookEventType.of(event.getType()).orElseThrow(),
                    event.getCreatedAt(),
                    data(
                            "erased", true,
                            "contactId", event.getContactId(),
                            "conversationId", event.getConversationId())));
        }
    }

    void endpointsChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) WebhookEndpointsChanged changed) {
        subscriptions.invalidate();
    }

    private void write(WebhookEventType type, String key, Long conversationId, Long contactId, Map<String, ?> data) {
        List<Long> endpoints = subscriptions.endpointsFor(type);
        if (endpoints.isEmpty()) {
            return;
        }
        if (transactions.getTransactionStatus() != Status.STATUS_ACTIVE) {
            LOG.warning(() -> type.wireName() + " fired outside an active transaction: no webhook written");
            return;
        }
        Set<String> keys = writtenKeys();
        if (!keys.add(key)) {
            return;
        }
        Instant now = Database.now();
        String eventId = "msg_" + UUID.randomUUID().toString().replace("-", "");
        WebhookEvent event = new WebhookEvent(eventId, type, conversationId, contactId, body(type, now, data), now);
        if (database.isPostgres()) {
            writeTogether(event, endpoints);
        } else {
            em.persist(event);
            for (long endpoint : endpoints) {
                em.persist(new WebhookDelivery(endpoint, event, now));
            }
        }
        if (keys.size() == 1) {
            written.fire(new OutboxWritten());
        }
    }

    /**
     * The event and one PENDING delivery per endpoint, due at once, in one statement; {@code %s} is one
     * {@code (cast(?n as bigint))} row per endpoint. The columns are those {@link WebhookEvent}'s and
     * {@link WebhookDelivery}'s constructors set. An absent conversation or contact is bound as 0 (no row has that
     * key; identities start at 1) and stored as null: a null parameter has no type a provider-neutral native query
     * could give it, and Hibernate would bind it as binary.
     */
    static final String WRITE_TOGETHER = "with event as (insert into webhook_event"
            + " (event_id, type, conversation_id, contact_id, payload, created_at)"
            + " values (?1, ?2, nullif(?3, 0), nullif(?4, 0), ?5, cast(?6 as timestamp with time zone))"
            + " returning id, created_at)"
            + " insert into webhook_delivery"
            + " (endpoint_id, event_id, order_key, status, attempts, next_attempt_at, retry_since, created_at)"
            + " select endpoint.id, event.id, cast(?7 as varchar), 'PENDING', 0,"
            + " event.created_at, event.created_at, event.created_at"
            + " from event cross join (values %s) as endpoint (id)";

    /** Hibernate's hint ({@code HibernateHints.HINT_NATIVE_SPACES}) naming what a native statement touches. */
    private static final String NATIVE_SPACES = "org.hibernate.query.native.spaces";

    /** {@link #WRITE_TOGETHER} by the number of endpoints: a handful of texts, each translated once. */
    private static final Map<Integer, String> WRITE_TOGETHER_BY_COUNT = new ConcurrentHashMap<>();

    private void writeTogether(WebhookEvent event, List<Long> endpoints) {
        String sql = WRITE_TOGETHER_BY_COUNT.computeIfAbsent(endpoints.size(), count -> {
            List<String> rows = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                rows.add("(cast(?" + (8 + i) + " as bigint))");
            }
            return WRITE_TOGETHER.formatted(String.join(", ", rows));
        });
        Query insert = em.createNativeQuery(sql)
                // the rows depend on nothing this transaction has not written yet: no flush before them
                .setFlushMode(FlushModeType.COMMIT)
                // and they touch only the outbox: without its query spaces Hibernate would treat the statement
                // as touching every table, and walk every entity's persister after it
                .setHint(NATIVE_SPACES, new Class<?>[] {WebhookEvent.class, WebhookDelivery.class})
                .setParameter(1, event.getEventId())
                .setParameter(2, event.getType())
                .setParameter(3, orZero(event.getConversationId()))
                .setParameter(4, orZero(event.getContactId()))
                .setParameter(5, event.getPayload())
                .setParameter(6, event.getCreatedAt())
                .setParameter(7, event.orderKey());
        for (int i = 0; i < endpoints.size(); i++) {
            insert.setParameter(8 + i, endpoints.get(i));
        }
        int deliveries = insert.executeUpdate();
        if (deliveries != endpoints.size()) {
            throw new IllegalStateException("outbox: " + deliveries + " deliveries written for " + endpoints.size());
        }
    }

    private static long orZero(Long id) {
        return id == null ? 0 : id;
    }

    @SuppressWarnings("unchecked")
    private Set<String> writtenKeys() {
        Set<String> keys = (Set<String>) transactions.getResource(WRITTEN);
        if (keys == null) {
            keys = new HashSet<>();
            transactions.putResource(WRITTEN, keys);
        }
        return keys;
    }

    /**
     * The body posted on every attempt: {@code {"type", "timestamp", "data"}}, as Standard Webhooks suggests. The
     * envelope is written here and each value by the cached JSON-B instance: JSON-B builds a new serializer for a
     * {@code Map} on every call, which made the body the largest part of what the outbox allocated, and each call
     * has a fixed cost, so the type, the timestamp, the keys (the outbox's own names, plain ASCII) and whole numbers
     * are written without it (docs/BENCHMARKS.md). The text is what JSON-B writes for the same map
     * ({@code OutboxTest}).
     */
    static String body(WebhookEventType type, Instant timestamp, Map<String, ?> data) {
        StringBuilder json = new StringBuilder(512)
                .append("{\"type\":\"")
                .append(type.wireName())
                .append("\",\"timestamp\":\"")
                .append(timestamp)
                .append("\",\"data\":{");
        String separator = "\"";
        for (Map.Entry<String, ?> member : data.entrySet()) {
            json.append(separator).append(member.getKey()).append("\":");
            Object value = member.getValue();
            json.append(value instanceof Long || value instanceof Integer ? value : ConversationJson.write(value));
            separator = ",\"";
        }
        return json.append("}}").toString();
    }

    private static Map<String, Object> data(Object... pairs) {
        Map<String, Object> data = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                data.put((String) pairs[i], pairs[i + 1]);
            }
        }
        return data;
    }
}
