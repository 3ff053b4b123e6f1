package dev.parley.admin.boundary;

import dev.parley.agent.entity.Role;
import dev.parley.audit.control.AuditLog;
import dev.parley.inbox.boundary.InboxSettings;
import dev.parley.inbox.boundary.Inboxes;
import dev.parley.problem.entity.ProblemException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * An inbox's automatic assignment over the API: every agent reads it, admins switch it ({@link InboxSettings}
 * checks the role too and audits). A resource of its own beside {@link AgentInboxResource}, whose path is the
 * identity settings'. The inbox is the default one unless {@code inboxId} names another.
 */
@Path("v1/inbox/assignment")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Inbox")
@APIResponse(responseCode = "401", description = "Not logged in, as application/problem+json.")
public class AgentInboxAssignmentResource {

    @Inject
    InboxSettings settings;

    @Inject
    Inboxes inboxes;

    @Inject
    AuditLog audit;

    @Context
    SecurityContext security;

    @GET
    @Operation(
            summary = "Automatic assignment of an inbox",
            description = "Whether new conversations are assigned" + " round robin to the agents who are ONLINE.")
    @APIResponse(responseCode = "200", description = "{inboxId, autoAssign}.")
    @APIResponse(responseCode = "400", description = "inboxId is not a positive integer.")
    @APIResponse(responseCode = "404", description = "No such inbox.")
    public Response get(@Parameter(description = "default: the default inbox") @QueryParam("inboxId") String inboxId) {
        return AgentsResource.json(Response.Status.OK, settings.assignmentSettings(inbox(inboxId)));
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Switch automatic assignment (admins)",
            description = "Body {\"autoAssign\": true|false}. When on, each new conversation goes to the ONLINE agent"
                    + " assigned longest ago, right after its start; with nobody ONLINE it stays unassigned. Off by"
                    + " default. Audited.")
    @APIResponse(responseCode = "200", description = "{inboxId, autoAssign} after the change.")
    @APIResponse(responseCode = "400", description = "autoAssign is missing or not a boolean.")
    @APIResponse(responseCode = "403", description = "Not an admin.")
    @APIResponse(responseCode = "404", description = "No such inbox.")
    public Response change(
            @QueryParam("inboxId") String inboxId, @HeaderParam("X-Request-ID") String requestId, byte[] body) {
        long inbox = inbox(inboxId);
        String request = ApiInput.requestId(requestId);
        JsonObject json = ApiInput.object(body);
        JsonValue value = json.get("autoAssign");
        if (value != JsonValue.TRUE && value != JsonValue.FALSE) {
            throw ProblemException.invalid("autoAssign", "must be true or false");
        }
        AdminOnly.require(security, audit, "inbox.auto-assign", request, null);
        return AgentsResource.json(
                Response.Status.OK,
                settings.changeAutoAssign(
                        inbox,
                        value == JsonValue.TRUE,
                        "agent:" + security.getUserPrincipal().getName(),
                        security.isUserInRole("ADMIN") ? Role.ADMIN : Role.AGENT,
                        request));
    }

    private long inbox(String inboxId) {
        Long id = ApiInput.optionalId("inboxId", inboxId);
        return id != null ? id : inboxes.defaultInbox().getId();
    }
}
