package dev.parley.admin.boundary;

import dev.parley.audit.control.AuditLog;
import dev.parley.audit.entity.AuditEntry;
import dev.parley.problem.entity.ProblemException;
import jakarta.ws.rs.core.SecurityContext;

/**
 * Actions only an admin may take through the agent API (the duplicate scan; agent accounts are guarded by {@code Agents} itself). Any
 * logged-in agent passes the web.xml constraint; this is the second gate, and a refusal is a 403
 * problem written to the audit log. Merging across contacts is not gated here: the merge rule
 * ({@code MergePlan}) refuses it to a non-admin with the same problem, for the console as for the API.
 */
final class AdminOnly {

    private AdminOnly() {}

    static void require(
            SecurityContext security, AuditLog audit, String action, String requestId, Long conversationId) {
        if (security.isUserInRole("ADMIN")) {
            return;
        }
        String agent = security.getUserPrincipal() == null
                ? "unknown"
                : security.getUserPrincipal().getName();
        audit.recordAlone(new AuditEntry(
                action, "forbidden", "agent:" + agent, requestId, null, conversationId, "needs role ADMIN"));
        throw new ProblemException(403, "forbidden", "Forbidden", "Only an admin may do this.");
    }
}
