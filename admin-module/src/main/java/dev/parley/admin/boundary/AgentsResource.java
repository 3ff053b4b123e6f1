package dev.parley.admin.boundary;

import dev.parley.agent.boundary.Agents;
import dev.parley.audit.control.AuditLog;
import dev.parley.conversation.control.ConversationJson;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Admins create agents and other admins. */
@Path("v1/agents")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Agents", description = "The people who log in to the console and the agent API.")
public class AgentsResource {

    @Inject
    Agents agents;

    @Inject
    AuditLog audit;

    @Context
    SecurityContext security;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Create an agent",
            description = "Body {\"username\",\"displayName\",\"password\" "
                    + "(12-200 characters),\"role\":\"ADMIN|AGENT\"}.")
    @APIResponse(responseCode = "201", description = "{id, username, displayName, role}.")
    @APIResponse(responseCode = "400", description = "A field is missing or invalid.")
    @APIResponse(responseCode = "401", description = "Not logged in.")
    @APIResponse(responseCode = "403", description = "Not an admin.")
    @APIResponse(responseCode = "409", description = "The username is taken.")
    public Response create(@HeaderParam("X-Request-ID") String requestId, byte[] body) {
        String request = ApiInput.requestId(requestId);
        AdminOnly.require(security, audit, "agent.create", request, null);
        JsonObject json = ApiInput.object(body);
        return Response.status(Response.Status.CREATED)
                .entity(ConversationJson.write(agents.create(
                        ApiInput.string(json, "username"),
                        ApiInput.string(json, "displayName"),
                        ApiInput.string(json, "password"),
                        ApiInput.string(json, "role"),
                        "agent:" + security.getUserPrincipal().getName(),
                        request)))
                .type(MediaType.APPLICATION_JSON)
                .build();
    }
}
