package dev.parley.inbox.boundary;

import dev.parley.audit.control.AuditLog;
import dev.parley.audit.entity.AuditEntry;
import dev.parley.inbox.entity.AutoMergePolicy;
import dev.parley.inbox.entity.Inbox;
import dev.parley.problem.entity.ProblemException;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.util.Arrays;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Changes what an admin may change about an inbox: the auto-merge policy and the origins allowed
 * to embed the widget. Each change is audited in the same transaction; origins are checked here,
 * not only in the form, because the widget's CORS answers trust this list.
 */
@Stateless
public class InboxSettings {

    static final int ORIGINS_LIMIT = 2000;
    private static final Pattern ORIGIN = Pattern.compile("^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?$");

    @PersistenceContext
    EntityManager em;

    @Inject
    AuditLog audit;

    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public Inbox update(long inboxId, AutoMergePolicy policy, String allowedOrigins, String actor, String requestId) {
        if (policy == null) {
            throw ProblemException.invalid("autoMergePolicy", "must be one of OFF, SUGGEST, AUTOMATIC");
        }
        String origins = normalizedOrigins(allowedOrigins);
        Inbox inbox = em.find(Inbox.class, inboxId, LockModeType.PESSIMISTIC_WRITE);
        if (inbox == null) {
            throw ProblemException.notFound("No such inbox.");
        }
        String before = inbox.getAutoMergePolicy() + " " + inbox.getAllowedOrigins();
        inbox.changeAutoMergePolicy(policy);
        inbox.changeAllowedOrigins(origins);
        audit.record(new AuditEntry(
                "inbox.settings",
                "updated",
                actor,
                requestId,
                null,
                null,
                "inbox " + inboxId + ": " + before + " -> " + policy + " " + origins));
        return inbox;
    }

    /** {@code *} or exact origins (scheme://host[:port]), separated by commas or spaces; stored comma-separated. */
    static String normalizedOrigins(String allowedOrigins) {
        if (allowedOrigins == null || allowedOrigins.isBlank()) {
            throw ProblemException.invalid("allowedOrigins", "is required (use * to allow every website)");
        }
        String normalized = Arrays.stream(allowedOrigins.strip().split("[,\\s]+"))
                .map(origin -> origin.replaceAll("/+$", ""))
                .distinct()
                .collect(Collectors.joining(","));
        boolean valid = Arrays.stream(normalized.split(","))
                .allMatch(o -> o.equals("*") || ORIGIN.matcher(o).matches());
        if (!valid || normalized.length() > ORIGINS_LIMIT) {
            throw ProblemException.invalid(
                    "allowedOrigins",
                    "must be * or origins like https://shop.example.com (scheme://host[:port]), at most "
                            + ORIGINS_LIMIT + " characters");
        }
        return normalized;
    }
}
