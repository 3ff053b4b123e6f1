package dev.parley.inbox.boundary;

import dev.parley.agent.entity.Role;
import dev.parley.audit.control.AuditLog;
import dev.parley.audit.entity.AuditEntry;
import dev.parley.inbox.entity.AssignmentSettings;
import dev.parley.inbox.entity.AutoMergePolicy;
import dev.parley.inbox.entity.IdentityMode;
import dev.parley.inbox.entity.IdentitySettings;
import dev.parley.inbox.entity.Inbox;
import dev.parley.inbox.entity.RetentionSettings;
import dev.parley.problem.entity.FieldError;
import dev.parley.problem.entity.ProblemException;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Changes what an admin may change about an inbox: the auto-merge policy, the origins allowed
 * to embed the widget, and identity verification (the secret and the mode). Each change is audited in
 * the same transaction; origins are checked here, not only in the form, because the widget's CORS
 * answers trust this list. The identity secret is shown, rotated and switched by admins only, checked
 * here with the caller's role (as the merge does), and never written to the audit log.
 */
@Stateless
public class InboxSettings {

    static final int ORIGINS_LIMIT = 2000;
    private static final SecureRandom RANDOM = new SecureRandom();
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

    /** The inbox's identity mode and whether it has a secret; any agent may read this. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public IdentitySettings identitySettings(long inboxId) {
        return IdentitySettings.of(find(inboxId));
    }

    /** The identity secret, for an admin to paste into the website's server code; audited (without it). */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public String revealIdentitySecret(long inboxId, String actor, Role role, String requestId) {
        adminOnly(role);
        Inbox inbox = find(inboxId);
        audit.record(
                new AuditEntry("inbox.identity-secret", "revealed", actor, requestId, null, null, "inbox " + inboxId));
        return inbox.getIdentitySecret();
    }

    /**
     * A new random secret (32 bytes, base64url): hashes computed with the old one are refused from now
     * on. Returns the new secret; the audit entry records the rotation, not the secret.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public String rotateIdentitySecret(long inboxId, String actor, Role role, String requestId) {
        adminOnly(role);
        Inbox inbox = em.find(Inbox.class, inboxId, LockModeType.PESSIMISTIC_WRITE);
        if (inbox == null) {
            throw ProblemException.notFound("No such inbox.");
        }
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        boolean had = inbox.hasIdentitySecret();
        inbox.changeIdentitySecret(secret);
        audit.record(new AuditEntry(
                "inbox.identity-secret",
                "rotated",
                actor,
                requestId,
                null,
                null,
                "inbox " + inboxId + (had ? ": new secret, the old one no longer verifies" : ": first secret")));
        return secret;
    }

    /** Switches verification; OPTIONAL and REQUIRED need a secret first (rotate to make one). */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public IdentitySettings changeIdentityMode(
            long inboxId, IdentityMode mode, String actor, Role role, String requestId) {
        adminOnly(role);
        if (mode == null) {
            throw ProblemException.invalid("identityMode", "must be one of OFF, OPTIONAL, REQUIRED");
        }
        Inbox inbox = em.find(Inbox.class, inboxId, LockModeType.PESSIMISTIC_WRITE);
        if (inbox == null) {
            throw ProblemException.notFound("No such inbox.");
        }
        if (mode != IdentityMode.OFF && !inbox.hasIdentitySecret()) {
            throw ProblemException.invalid("identityMode", "needs an identity secret: generate one first");
        }
        IdentityMode before = inbox.getIdentityMode();
        inbox.changeIdentityMode(mode);
        audit.record(new AuditEntry(
                "inbox.identity-mode",
                "updated",
                actor,
                requestId,
                null,
                null,
                "inbox " + inboxId + ": " + before + " -> " + mode));
        return IdentitySettings.of(inbox);
    }

    /** Whether the inbox assigns new conversations by itself; any agent may read this. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public AssignmentSettings assignmentSettings(long inboxId) {
        return AssignmentSettings.of(find(inboxId));
    }

    /** Switches automatic round-robin assignment of new conversations among online agents (admins only). */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public AssignmentSettings changeAutoAssign(
            long inboxId, boolean autoAssign, String actor, Role role, String requestId) {
        adminOnly(role);
        Inbox inbox = em.find(Inbox.class, inboxId, LockModeType.PESSIMISTIC_WRITE);
        if (inbox == null) {
            throw ProblemException.notFound("No such inbox.");
        }
        boolean before = inbox.isAutoAssign();
        inbox.changeAutoAssign(autoAssign);
        audit.record(new AuditEntry(
                "inbox.auto-assign",
                "updated",
                actor,
                requestId,
                null,
                null,
                "inbox " + inboxId + ": " + before + " -> " + autoAssign));
        return AssignmentSettings.of(inbox);
    }

    /** How long the inbox keeps its data, and whether visitors may ask for erasure; admins only. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public RetentionSettings retentionSettings(long inboxId, Role role) {
        adminOnly(role);
        return RetentionSettings.of(find(inboxId));
    }

    /**
     * Replaces the inbox's retention settings (admins only; 400 and nothing written when a period is out of
     * range). Audited with the values before and after: periods hold no personal data.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public RetentionSettings changeRetention(RetentionSettings wanted, String actor, Role role, String requestId) {
        adminOnly(role);
        List<FieldError> errors = wanted.violations();
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        Inbox inbox = em.find(Inbox.class, wanted.inboxId(), LockModeType.PESSIMISTIC_WRITE);
        if (inbox == null) {
            throw ProblemException.notFound("No such inbox.");
        }
        RetentionSettings before = RetentionSettings.of(inbox);
        inbox.changeRetention(wanted);
        audit.record(new AuditEntry(
                "inbox.retention",
                "updated",
                actor,
                requestId,
                null,
                null,
                "inbox " + inbox.getId() + ": " + describe(before) + " -> " + describe(wanted)));
        return RetentionSettings.of(inbox);
    }

    private static String describe(RetentionSettings settings) {
        return "messages " + days(settings.messageRetentionDays()) + ", audit " + days(settings.auditRetentionDays())
                + ", visitor requests " + (settings.visitorErasureRequests() ? "on" : "off");
    }

    private static String days(Integer days) {
        return days == null ? "forever" : days + "d";
    }

    private static void adminOnly(Role role) {
        if (role != Role.ADMIN) {
            throw new ProblemException(403, "forbidden", "Forbidden", "Only an admin may do this.");
        }
    }

    private Inbox find(long inboxId) {
        Inbox inbox = em.find(Inbox.class, inboxId);
        if (inbox == null) {
            throw ProblemException.notFound("No such inbox.");
        }
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
