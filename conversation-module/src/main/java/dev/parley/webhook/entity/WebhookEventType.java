package dev.parley.webhook.entity;

import java.util.Arrays;
import java.util.Optional;

/** The events an endpoint can subscribe to, by their wire names (docs/API.md#webhooks lists each payload). */
public enum WebhookEventType {
    CONVERSATION_CREATED("conversation.created"),
    MESSAGE_CREATED("message.created"),
    CONVERSATION_STATUS_CHANGED("conversation.status_changed"),
    CONVERSATION_MERGED("conversation.merged"),
    CONVERSATION_UNMERGED("conversation.unmerged"),
    CONVERSATION_ASSIGNED("conversation.assigned"),
    CONTACT_UPDATED("contact.updated");

    private final String wireName;

    WebhookEventType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<WebhookEventType> of(String wireName) {
        return Arrays.stream(values())
                .filter(type -> type.wireName.equals(wireName))
                .findFirst();
    }
}
