package dev.parley.conversation.control;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;

/**
 * The one JSON shape of conversations and messages, shared by the REST answers, the stored
 * idempotent replies and the WebSocket events: a replay is byte for byte the first answer.
 */
public final class ConversationJson {

    private static final Jsonb JSONB = JsonbBuilder.create(new JsonbConfig().withNullValues(false));

    private ConversationJson() {}

    public static String write(Object view) {
        return JSONB.toJson(view);
    }
}
