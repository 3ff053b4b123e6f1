package dev.parley.admin.boundary;

import dev.parley.agent.entity.Role;
import dev.parley.audit.control.AuditLog;
import dev.parley.privacy.boundary.ErasureRequests;
import dev.parley.privacy.entity.ErasureRequestStatus;
import dev.parley.problem.boundary.Ids;
import dev.parley.problem.entity.ProblemException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.Arrays;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Visitors' erasure requests, for admins to confirm (the visitor's data is erased) or reject
 * ({@link ErasureRequests} checks the role too, and audits).
 */
@Path("v1/erasure-requests")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Retention and erasure")
@APIResponse(responseCode = "401", description = "Not logged in, as application/problem+json.")
@APIResponse(responseCode = "403", description = "Not an admin.")
public class AgentErasureRequestsResource {

    @Inject
    ErasureRequests requests;

    @Inject
    AuditLog audit;

    @Context
    SecurityContext security;

    @GET
    @Operation(
            summary = "Visitors' erasure requests (admins)",
            description = "Oldest first for one status, newest first without one; at most 500.")
    @APIResponse(
            responseCode = "200",
            description = "[{id, inboxId, contactId, status, requestedAt, decidedAt, decidedBy}].")
    @APIResponse(responseCode = "400", description = "status is not PENDING, CONFIRMED or REJECTED.")
    public Response list(
            @Parameter(description = "PENDING, CONFIRMED or REJECTED; default: all") @QueryParam("status")
                    String status,
            @HeaderParam("X-Request-ID") String requestId) {
        ErasureRequestStatus wanted = status(status);
        AdminOnly.require(security, audit, "erasure.request", ApiInput.requestId(requestId), null);
        return AgentsResource.json(Response.Status.OK, requests.list(wanted, role()));
    }

    @POST
    @Path("{id}/confirm")
    @Operation(
            summary = "Confirm a request: erase the visitor's data (admins)",
            description = "As DELETE /contacts/{id}, and the request becomes CONFIRMED, in one transaction.")
    @APIResponse(responseCode = "200", description = "The request after the decision.")
    @APIResponse(responseCode = "404", description = "No such request.")
    @APIResponse(responseCode = "409", description = "The request was decided already.")
    public Response confirm(@PathParam("id") String id, @HeaderParam("X-Request-ID") String requestId) {
        long request = request(id);
        String auditId = ApiInput.requestId(requestId);
        AdminOnly.require(security, audit, "erasure.request", auditId, null);
        return AgentsResource.json(Response.Status.OK, requests.confirm(request, caller(), role(), auditId));
    }

    @POST
    @Path("{id}/reject")
    @Operation(summary = "Reject a request (admins)", description = "The visitor's data stays.")
    @APIResponse(responseCode = "200", description = "The request after the decision.")
    @APIResponse(responseCode = "404", description = "No such request.")
    @APIResponse(responseCode = "409", description = "The request was decided already.")
    public Response reject(@PathParam("id") String id, @HeaderParam("X-Request-ID") String requestId) {
        long request = request(id);
        String auditId = ApiInput.requestId(requestId);
        AdminOnly.require(security, audit, "erasure.request", auditId, null);
        return AgentsResource.json(Response.Status.OK, requests.reject(request, caller(), role(), auditId));
    }

    private static long request(String id) {
        return Ids.parse(id).orElseThrow(() -> ProblemException.notFound("No such erasure request."));
    }

    private static ErasureRequestStatus status(String value) {
        if (value == null) {
            return null;
        }
        return Arrays.stream(ErasureRequestStatus.values())
                .filter(s -> s.name().equalsIgnoreCase(value))
                .findFirst()
                .orElseThrow(() -> ProblemException.invalid("status", "must be one of PENDING, CONFIRMED, REJECTED"));
    }

    private String caller() {
        return "agent:" + security.getUserPrincipal().getName();
    }

    private Role role() {
        return security.isUserInRole("ADMIN") ? Role.ADMIN : Role.AGENT;
    }
}
