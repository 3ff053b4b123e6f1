package dev.parley.problem.control;

import dev.parley.problem.entity.StorageBusy;
import dev.parley.problem.entity.StorageTimedOut;
import dev.parley.schema.control.Database;
import java.util.Optional;

/** Which failures of the database a client may retry, and the 503 it gets for each. */
public final class StorageProblems {

    private StorageProblems() {}

    /**
     * The answer to a failed write, {@code detail} telling the client: a {@link StorageTimedOut} after a
     * lock or statement timeout, which the boundary does not retry at once, a {@link StorageBusy} after
     * another transient failure, which it may, with a detail of its own when the commit's outcome is
     * unknown. Empty when the failure is not transient (a bug, not the database).
     */
    public static Optional<StorageBusy> of(Throwable failure, String detail) {
        if (Database.isTimeout(failure)) {
            return Optional.of(new StorageTimedOut(detail));
        }
        if (Database.isCommitOutcomeUnknown(failure)) {
            return Optional.of(new StorageBusy(StorageBusy.OUTCOME_UNKNOWN));
        }
        return Database.isTransient(failure) ? Optional.of(new StorageBusy(detail)) : Optional.empty();
    }
}
