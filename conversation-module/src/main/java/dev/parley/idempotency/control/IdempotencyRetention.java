package dev.parley.idempotency.control;

import dev.parley.schema.control.Database;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.inject.Inject;
import java.util.logging.Logger;

/** Deletes expired Idempotency-Key records every quarter hour; lookups already ignore them. */
@Singleton
public class IdempotencyRetention {

    private static final Logger LOG = Logger.getLogger(IdempotencyRetention.class.getName());

    @Inject
    IdempotencyKeys keys;

    @Schedule(hour = "*", minute = "*/15", persistent = false)
    void purge() {
        int purged = keys.purgeExpired(Database.now());
        if (purged > 0) {
            LOG.fine(() -> "purged " + purged + " expired idempotency records");
        }
    }
}
