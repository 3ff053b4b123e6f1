package dev.parley.problem.boundary;

/**
 * The database did not answer in time (lock or statement timeout, lost connection, serialization
 * conflict). Nothing was written; the same request may be retried, and the boundary retries it.
 */
public class StorageBusy extends ProblemException {

    public StorageBusy(String detail) {
        super(503, "busy", "Service busy", detail, java.util.List.of(), 1);
    }
}
