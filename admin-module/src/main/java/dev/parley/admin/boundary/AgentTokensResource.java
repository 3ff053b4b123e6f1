package dev.parley.admin.boundary;

import dev.parley.agent.boundary.AgentTokens;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The caller's personal access tokens: create (the secret is shown once), list, revoke. */
@Path("v1/tokens")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(
        name = "Tokens",
        description = "Personal access tokens: send Authorization: Bearer <token> instead of Basic; no PBKDF2 per"
                + " request, no login throttling.")
public class AgentTokensResource {

    @Inject
    AgentTokens tokens;

    @Context
    SecurityContext security;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a token", description = "Body {\"name\"} (1-100 characters, e.g. \"crm\").")
    @APIResponse(
            responseCode = "201",
            description = "{id, name, token, createdAt}; the token (pat_...) is shown only in this answer.")
    @APIResponse(responseCode = "400", description = "The name is missing or invalid.")
    @APIResponse(responseCode = "401", description = "Not logged in.")
    @APIResponse(responseCode = "409", description = "The agent holds 50 tokens already.")
    public Response create(@HeaderParam("X-Request-ID") String requestId, byte[] body) {
        String request = ApiInput.requestId(requestId);
        JsonObject json = ApiInput.object(body);
        return AgentsResource.json(
                Response.Status.CREATED, tokens.create(caller(), ApiInput.string(json, "name"), request));
    }

    @GET
    @Operation(summary = "List one's own tokens", description = "Never the secret.")
    @APIResponse(responseCode = "200", description = "[{id, name, createdAt, lastUsedAt}] (lastUsedAt to the minute).")
    @APIResponse(responseCode = "401", description = "Not logged in.")
    public Response list() {
        return AgentsResource.json(Response.Status.OK, tokens.list(caller()));
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Revoke one of one's own tokens", description = "It stops working at once.")
    @APIResponse(responseCode = "204", description = "Revoked.")
    @APIResponse(responseCode = "401", description = "Not logged in.")
    @APIResponse(responseCode = "404", description = "No such token of the caller's.")
    public Response revoke(@PathParam("id") String id, @HeaderParam("X-Request-ID") String requestId) {
        tokens.revoke(caller(), ApiInput.id(id), ApiInput.requestId(requestId));
        return Response.noContent().build();
    }

    private String caller() {
        return security.getUserPrincipal().getName();
    }
}
