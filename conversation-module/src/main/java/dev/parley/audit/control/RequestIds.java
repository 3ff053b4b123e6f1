package dev.parley.widget.control;

import dev.parley.idempotency.control.IdempotencyKeys;
import java.util.UUID;

/** The id that ties a request to its audit entries: the client's X-Request-ID when usable, else a new one. */
public final class RequestIds {

    private RequestIds() {
    }

    public static String of(String xRequestId, String idempotencyKey) {
        if (IdempotencyKeys.isValid(xRequestId)) {
            return xRequestId;
        }
        if (IdempotencyKeys.isValid(idempotencyKey)) {
            return idempotencyKey;
        }
        return UUID.randomUUID().toString();
    }
}
