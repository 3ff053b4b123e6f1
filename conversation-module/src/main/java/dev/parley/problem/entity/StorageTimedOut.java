package dev.parley.problem.entity;

/**
 * The request waited out the database's lock or statement timeout. Nothing was written and the
 * client may retry later ({@code 503} with {@code Retry-After}), but the boundary does not retry it
 * at once: that would only wait on the same lock again, multiplying the visitor's wait.
 */
public class StorageTimedOut extends StorageBusy {

    public StorageTimedOut(String detail) {
        super(detail);
    }
}
