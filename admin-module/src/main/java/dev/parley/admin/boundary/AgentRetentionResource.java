package dev.parley.admin.boundary;

import dev.parley.agent.entity.Role;
import dev.parley.audit.control.AuditLog;
import dev.parley.inbox.boundary.InboxSettings;
import dev.parley.inbox.boundary.Inboxes;
import dev.parley.inbox.entity.RetentionSettings;
import dev.parley.privacy.boundary.Retention;
import dev.parley.problem.entity.FieldError;
import dev.parley.problem.entity.ProblemException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * An inbox's retention settings and the retention job on demand, for admins ({@link InboxSettings} and
 * {@link Retention} check the role too, and audit). The inbox is the default one unless {@code inboxId} names
 * another.
 */
@Path("v1/inbox/retention")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Retention and erasure", description = "How long visitors' data is kept; export and erasure on request.")
@APIResponse(responseCode = "401", description = "Not logged in, as application/problem+json.")
public class AgentRetentionResource {

    private static final Set<String> FIELDS =
            Set.of("messageRetentionDays", "auditRetentionDays", "visitorErasureRequests");

    @Inject
    InboxSettings settings;

    @Inject
    Inboxes inboxes;

    @Inject
    Retention retention;

    @Inject
    AuditLog audit;

    @Context
    SecurityContext security;

    @GET
    @Operation(
            summary = "Retention settings of an inbox (admins)",
            description = "Days resolved conversations keep their message texts and audit entries are kept (null:"
                    + " forever, the default), and whether the widget may file a visitor's erasure request.")
    @APIResponse(
            responseCode = "200",
            description =
                    "{inboxId, messageRetentionDays, auditRetentionDays, visitorErasureRequests}; null days are left out.")
    @APIResponse(responseCode = "400", description = "inboxId is not a positive integer.")
    @APIResponse(responseCode = "403", description = "Not an admin.")
    @APIResponse(responseCode = "404", description = "No such inbox.")
    public Response get(
            @Parameter(description = "default: the default inbox") @QueryParam("inboxId") String inboxId,
            @HeaderParam("X-Request-ID") String requestId) {
        long inbox = inbox(inboxId);
        AdminOnly.require(security, audit, "inbox.retention", ApiInput.requestId(requestId), null);
        return AgentsResource.json(Response.Status.OK, settings.retentionSettings(inbox, role()));
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Change retention settings (admins)",
            description = "Body {\"messageRetentionDays\": 1-36500 | null, \"auditRetentionDays\": 1-36500 | null,"
                    + " \"visitorErasureRequests\": true|false}; a field left out keeps its value, at least one is"
                    + " needed. Audited.")
    @APIResponse(responseCode = "200", description = "The settings after the change.")
    @APIResponse(
            responseCode = "400",
            description = "A period out of range, a wrong type, an unknown field or none at all.")
    @APIResponse(responseCode = "403", description = "Not an admin.")
    @APIResponse(responseCode = "404", description = "No such inbox.")
    public Response change(
            @QueryParam("inboxId") String inboxId, @HeaderParam("X-Request-ID") String requestId, byte[] body) {
        long inbox = inbox(inboxId);
        String request = ApiInput.requestId(requestId);
        JsonObject json = ApiInput.object(body);
        List<FieldError> errors = new ArrayList<>();
        json.keySet().stream()
                .filter(field -> !FIELDS.contains(field))
                .sorted()
                .limit(5)
                .forEach(field -> errors.add(new FieldError(
                        field.length() > 40 ? field.substring(0, 40) + "…" : field, "is not a retention setting")));
        if (json.keySet().stream().noneMatch(FIELDS::contains) && errors.isEmpty()) {
            errors.add(new FieldError(
                    "body",
                    "must name at least one of messageRetentionDays, auditRetentionDays, visitorErasureRequests"));
        }
        Integer messages = days(json, "messageRetentionDays", errors);
        Integer audits = days(json, "auditRetentionDays", errors);
        Boolean requests = ApiInput.optionalBool(json, "visitorErasureRequests");
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        AdminOnly.require(security, audit, "inbox.retention", request, null);
        RetentionSettings current = settings.retentionSettings(inbox, role());
        RetentionSettings wanted = new RetentionSettings(
                inbox,
                json.containsKey("messageRetentionDays") ? messages : current.messageRetentionDays(),
                json.containsKey("auditRetentionDays") ? audits : current.auditRetentionDays(),
                requests != null ? requests : current.visitorErasureRequests());
        return AgentsResource.json(Response.Status.OK, settings.changeRetention(wanted, caller(), role(), request));
    }

    @POST
    @Path("run")
    @Operation(
            summary = "Run the retention job now (admins)",
            description = "What the daily job does, at once: scrubs and deletes in batches of 500 rows, each in a"
                    + " short transaction of its own. Audited with its counts.")
    @APIResponse(
            responseCode = "200",
            description = "{messagesRemoved, auditEntriesDeleted, idempotencyRecordsDeleted}.")
    @APIResponse(responseCode = "403", description = "Not an admin.")
    public Response run(@HeaderParam("X-Request-ID") String requestId) {
        String request = ApiInput.requestId(requestId);
        AdminOnly.require(security, audit, "retention.run", request, null);
        return AgentsResource.json(Response.Status.OK, retention.runNow(caller(), role(), request));
    }

    /** A field that may be a number of days or null; present with another type is an error. */
    private static Integer days(JsonObject json, String field, List<FieldError> errors) {
        JsonValue value = json.get(field);
        if (value == null || value == JsonValue.NULL) {
            return null;
        }
        if (value instanceof JsonNumber number
                && number.isIntegral()
                && number.bigIntegerValue().bitLength() < 31) {
            int days = number.intValue();
            if (days >= 1 && days <= RetentionSettings.MAX_DAYS) {
                return days;
            }
        }
        errors.add(new FieldError(
                field,
                "must be a number of days from 1 to " + RetentionSettings.MAX_DAYS + ", or null to keep forever"));
        return null;
    }

    private long inbox(String inboxId) {
        Long id = ApiInput.optionalId("inboxId", inboxId);
        return id != null ? id : inboxes.defaultInbox().getId();
    }

    private String caller() {
        return "agent:" + security.getUserPrincipal().getName();
    }

    private Role role() {
        return security.isUserInRole("ADMIN") ? Role.ADMIN : Role.AGENT;
    }
}
