package dev.parley.audit.control;

import dev.parley.idempotency.control.IdempotencyKeys;
import java.util.UUID;

/**
 * The id that ties a request to its audit entries, one rule for every caller (visitor API, agent API,
 * console): the client's {@code X-Request-ID} when it is 1-255 printable ASCII characters (the rule of
 * an Idempotency-Key, so an id is safe to log and to show), else the fallback when that is usable (a
 * start's Idempotency-Key), else a new random one. An unusable id is replaced, never refused: it only
 * labels the audit entries.
 */
public final class RequestIds {

    private RequestIds() {}

    public static String of(String xRequestId, String fallback) {
        if (IdempotencyKeys.isValid(xRequestId)) {
            return xRequestId;
        }
        if (IdempotencyKeys.isValid(fallback)) {
            return fallback;
        }
        return UUID.randomUUID().toString();
    }

    /** A new id for an action that came without one, such as a console form; the prefix says where it came from. */
    public static String fresh(String origin) {
        return origin + "-" + UUID.randomUUID();
    }
}
