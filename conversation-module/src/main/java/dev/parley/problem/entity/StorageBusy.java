package dev.parley.problem.entity;

import java.util.List;

/**
 * The database did not answer in time (lock or statement timeout, lost connection, serialization
 * conflict). Nothing was written, except when the database went away during the commit: then
 * nobody knows, and the detail says so. Either way a write that carries its key (a start's
 * Idempotency-Key, a message's echo id) may be retried, and the widget boundary retries those.
 * {@code StorageProblems.of} tells which failures are this.
 */
public class StorageBusy extends ProblemException {

    public static final String OUTCOME_UNKNOWN =
            "The database went away while this change was being saved, so it may or"
                    + " may not have been saved. Retrying with the same Idempotency-Key or echoId is safe; without"
                    + " one, check before sending it again.";

    public StorageBusy(String detail) {
        super(503, "busy", "Service busy", detail, List.of(), 1);
    }
}
