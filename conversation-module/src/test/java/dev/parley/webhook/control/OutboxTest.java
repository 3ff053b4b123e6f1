package dev.parley.webhook.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.conversation.control.ConversationJson;
import dev.parley.conversation.entity.ConversationView;
import dev.parley.conversation.entity.MessageView;
import dev.parley.webhook.entity.WebhookEventType;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The outbox writes a body's envelope itself: the text must be what JSON-B writes for the same map. */
class OutboxTest {

    private static final Instant AT = Instant.parse("2026-12-01T12:00:00.123456Z");

    @Test
    void aMessageBodyIsWhatJsonBWritesForTheMap() {
        MessageView message =
                new MessageView(7, 3, 3, "VISITOR", "Zoë \"Quote\" <b>", "line one\nline two \u2028 \\ end", null, AT);
        assertSameAsJsonB(WebhookEventType.MESSAGE_CREATED, Map.of("message", message));
    }

    @Test
    void aConversationBodyWithMessagesIsWhatJsonBWritesForTheMap() {
        MessageView message = new MessageView(7, 3, 3, "AGENT", "Agent", "hi", "echo-1", AT);
        ConversationView conversation =
                new ConversationView(3, 5, 1, "OPEN", null, AT, AT, List.of(message), null, null, null);
        assertSameAsJsonB(WebhookEventType.CONVERSATION_CREATED, Map.of("conversation", conversation));
    }

    @Test
    void scalarMembersAndSetsKeepTheirOrderAndText() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("from", 4L);
        data.put("into", 2L);
        data.put("contactIds", new TreeSet<>(List.of(9L, 1L)));
        data.put("status", "RESOLVED");
        assertSameAsJsonB(WebhookEventType.CONVERSATION_MERGED, data);
        assertThat(Outbox.body(WebhookEventType.CONVERSATION_MERGED, AT, data))
                .isEqualTo("{\"type\":\"conversation.merged\",\"timestamp\":\"2026-12-01T12:00:00.123456Z\","
                        + "\"data\":{\"from\":4,\"into\":2,\"contactIds\":[1,9],\"status\":\"RESOLVED\"}}");
    }

    @Test
    void anEmptyDataIsAnEmptyObject() {
        assertSameAsJsonB(WebhookEventType.CONTACT_UPDATED, Map.of());
    }

    private static void assertSameAsJsonB(WebhookEventType type, Map<String, ?> data) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("type", type.wireName());
        envelope.put("timestamp", AT.toString());
        envelope.put("data", data);
        assertThat(Outbox.body(type, AT, data)).isEqualTo(ConversationJson.write(envelope));
    }
}
