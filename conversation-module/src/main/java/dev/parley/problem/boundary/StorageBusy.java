package dev.parley.problem.boundary;

import dev.parley.schema.control.Database;
import java.util.Optional;

/**
 * The database did not answer in time (lock or statement timeout, lost connection, serialization
 * conflict). Nothing was written; the same request may be retried, and the boundary retries it.
 */
public class StorageBusy extends ProblemException {

    public StorageBusy(String detail) {
        super(503, "busy", "Service busy", detail, java.util.List.of(), 1);
    }

    /**
     * The answer to a failed write, {@code detail} telling the client: a {@link StorageTimedOut}
     * after a lock or statement timeout, which the boundary does not retry at once, a StorageBusy
     * after another transient failure, which it may. Empty when the failure is not transient.
     */
    public static Optional<StorageBusy> of(Throwable failure, String detail) {
        if (Database.isTimeout(failure)) {
            return Optional.of(new StorageTimedOut(detail));
        }
        return Database.isTransient(failure) ? Optional.of(new StorageBusy(detail)) : Optional.empty();
    }
}
