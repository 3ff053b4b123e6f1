package dev.parley.problem.entity;

import dev.parley.schema.control.Database;
import java.util.Optional;

/**
 * The database did not answer in time (lock or statement timeout, lost connection, serialization
 * conflict). Nothing was written, except when the database went away during the commit: then
 * nobody knows, and the detail says so. Either way a write that carries its key (a start's
 * Idempotency-Key, a message's echo id) may be retried, and the widget boundary retries those.
 */
public class StorageBusy extends ProblemException {

    static final String OUTCOME_UNKNOWN = "The database went away while this change was being saved, so it may or"
            + " may not have been saved. Retrying with the same Idempotency-Key or echoId is safe; without"
            + " one, check before sending it again.";

    public StorageBusy(String detail) {
        super(503, "busy", "Service busy", detail, java.util.List.of(), 1);
    }

    /**
     * The answer to a failed write, {@code detail} telling the client: a {@link StorageTimedOut}
     * after a lock or statement timeout, which the boundary does not retry at once, a StorageBusy
     * after another transient failure, which it may, with a detail of its own when the commit's
     * outcome is unknown. Empty when the failure is not transient.
     */
    public static Optional<StorageBusy> of(Throwable failure, String detail) {
        if (Database.isTimeout(failure)) {
            return Optional.of(new StorageTimedOut(detail));
        }
        if (Database.isCommitOutcomeUnknown(failure)) {
            return Optional.of(new StorageBusy(OUTCOME_UNKNOWN));
        }
        return Database.isTransient(failure) ? Optional.of(new StorageBusy(detail)) : Optional.empty();
    }
}
