package dev.parley.inbox.entity;

import dev.parley.problem.entity.FieldError;
import java.util.ArrayList;
import java.util.List;

/**
 * How long an inbox keeps its visitors' data, and whether its widget may file a visitor's own erasure
 * request. {@code null} days keep the data forever, the default: nothing is deleted until an admin
 * chooses a period. Message retention scrubs the texts of resolved conversations (the rows stay, so
 * counts and timelines stay); audit retention deletes the entries about the inbox's contacts.
 */
public record RetentionSettings(
        long inboxId, Integer messageRetentionDays, Integer auditRetentionDays, boolean visitorErasureRequests) {

    /** The longest period an admin may choose, 100 years: longer is "forever", which is {@code null}. */
    public static final int MAX_DAYS = 36_500;

    public static RetentionSettings of(Inbox inbox) {
        return new RetentionSettings(
                inbox.getId(),
                inbox.getMessageRetentionDays(),
                inbox.getAuditRetentionDays(),
                inbox.isVisitorErasureRequests());
    }

    /** Every reason these settings cannot be stored; empty when they can. */
    public List<FieldError> violations() {
        List<FieldError> errors = new ArrayList<>();
        days(errors, "messageRetentionDays", messageRetentionDays);
        days(errors, "auditRetentionDays", auditRetentionDays);
        return errors;
    }

    private static void days(List<FieldError> errors, String field, Integer days) {
        if (days != null && (days < 1 || days > MAX_DAYS)) {
            errors.add(new FieldError(
                    field, "must be a number of days from 1 to " + MAX_DAYS + ", or null to keep forever"));
        }
    }
}
