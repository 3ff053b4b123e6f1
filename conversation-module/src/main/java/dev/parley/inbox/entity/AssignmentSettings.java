package dev.parley.inbox.entity;

/** An inbox's assignment setting as the API shows it: {@code autoAssign} hands new conversations round robin. */
public record AssignmentSettings(long inboxId, boolean autoAssign) {

    public static AssignmentSettings of(Inbox inbox) {
        return new AssignmentSettings(inbox.getId(), inbox.isAutoAssign());
    }
}
