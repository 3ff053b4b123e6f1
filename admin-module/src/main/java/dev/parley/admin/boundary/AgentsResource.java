package dev.parley.admin.boundary;

import dev.parley.agent.boundary.Agents;
import dev.parley.agent.boundary.Agents.Changes;
import dev.parley.agent.boundary.Presences;
import dev.parley.conversation.control.ConversationJson;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
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

/**
 * Agent accounts over the API. Who may do what is decided by {@link Agents} (admins manage every
 * account; an agent sees and renames only its own and changes its own password), so the console
 * and the API cannot differ.
 */
@Path("v1/agents")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Agents", description = "The people who log in to the console and the agent API.")
public class AgentsResource {

    @Inject
    Agents agents;

    @Inject
    Presences presences;

    @Context
    SecurityContext security;

    @GET
    @Operation(summary = "List agents", description = "Every agent for an admin; only one's own account otherwise.")
    @APIResponse(responseCode = "200", description = "[{id, username, displayName, role, enabled, createdAt}].")
    @APIResponse(responseCode = "401", description = "Not logged in.")
    public Response list() {
        return json(Response.Status.OK, agents.visibleTo(caller()));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Create an agent (admins)",
            description = "Body {\"username\",\"displayName\",\"password\" "
                    + "(12-200 characters),\"role\":\"ADMIN|AGENT\"}.")
    @APIResponse(responseCode = "201", description = "{id, username, displayName, role, enabled, createdAt}.")
    @APIResponse(responseCode = "400", description = "A field is missing or invalid.")
    @APIResponse(responseCode = "401", description = "Not logged in.")
    @APIResponse(responseCode = "403", description = "Not an admin.")
    @APIResponse(responseCode = "409", description = "The username is taken.")
    public Response create(@HeaderParam("X-Request-ID") String requestId, byte[] body) {
        String request = ApiInput.requestId(requestId);
        JsonObject json = ApiInput.object(body);
        return json(
                Response.Status.CREATED,
                agents.create(
                        ApiInput.string(json, "username"),
                        ApiInput.string(json, "displayName"),
                        ApiInput.string(json, "password"),
                        ApiInput.string(json, "role"),
                        caller(),
                        request));
    }

    @GET
    @Path("me")
    @Operation(summary = "One's own account")
    @APIResponse(responseCode = "200", description = "{id, username, displayName, role, enabled, createdAt}.")
    @APIResponse(responseCode = "401", description = "Not logged in.")
    public Response me() {
        return json(Response.Status.OK, agents.me(caller()));
    }

    @PUT
    @Path("me/password")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Change one's own password",
            description = "Body {\"currentPassword\",\"newPassword\" (12-200 characters)}.")
    @APIResponse(responseCode = "204", description = "Changed; the old password no longer works.")
    @APIResponse(responseCode = "400", description = "A field is missing or invalid.")
    @APIResponse(responseCode = "401", description = "Not logged in.")
    @APIResponse(responseCode = "403", description = "The current password is wrong.")
    public Response changeOwnPassword(@HeaderParam("X-Request-ID") String requestId, byte[] body) {
        String request = ApiInput.requestId(requestId);
        JsonObject json = ApiInput.object(body);
        agents.changeOwnPassword(
                caller(), ApiInput.string(json, "currentPassword"), ApiInput.string(json, "newPassword"), request);
        return Response.noContent().build();
    }

    @PUT
    @Path("me/presence")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Report one's presence",
            description = "Body {\"status\":\"ONLINE|AWAY|OFFLINE\"}; also a sign of activity. Others see ONLINE turn"
                    + " AWAY after parley.presence.away-after (PT5M) without activity, and OFFLINE after"
                    + " parley.presence.offline-after (PT30M): report again (a heartbeat) to stay ONLINE. Only ONLINE"
                    + " agents get conversations from the automatic assignment. A change is audited.")
    @APIResponse(responseCode = "200", description = "One's account with its presence and lastActiveAt.")
    @APIResponse(responseCode = "400", description = "The status is missing or unknown.")
    @APIResponse(responseCode = "401", description = "Not logged in.")
    public Response reportPresence(@HeaderParam("X-Request-ID") String requestId, byte[] body) {
        String request = ApiInput.requestId(requestId);
        String status = ApiInput.string(ApiInput.object(body), "status");
        return json(Response.Status.OK, presences.report(caller(), status, request));
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One agent", description = "An admin sees any agent; an agent only itself.")
    @APIResponse(responseCode = "200", description = "{id, username, displayName, role, enabled, createdAt}.")
    @APIResponse(responseCode = "401", description = "Not logged in.")
    @APIResponse(responseCode = "404", description = "No such agent (or not one's own).")
    public Response get(@PathParam("id") String id) {
        return json(Response.Status.OK, agents.find(ApiInput.id(id), caller()));
    }

    @PATCH
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Change an agent",
            description = "Body with any of {\"displayName\", \"role\":\"ADMIN|AGENT\", \"enabled\":true|false}. Role"
                    + " and enabled are for admins; the display name for admins and the agent itself. Disabling"
                    + " ends the agent's console session and its tokens at once. The last enabled admin can be"
                    + " neither disabled nor demoted.")
    @APIResponse(responseCode = "200", description = "The agent after the change.")
    @APIResponse(responseCode = "400", description = "A field is invalid.")
    @APIResponse(responseCode = "401", description = "Not logged in.")
    @APIResponse(responseCode = "403", description = "Not an admin.")
    @APIResponse(responseCode = "404", description = "No such agent (or not one's own).")
    @APIResponse(responseCode = "409", description = "It would leave no enabled admin.")
    public Response update(@PathParam("id") String id, @HeaderParam("X-Request-ID") String requestId, byte[] body) {
        String request = ApiInput.requestId(requestId);
        long agentId = ApiInput.id(id);
        JsonObject json = ApiInput.object(body);
        Changes changes = new Changes(
                ApiInput.string(json, "displayName"),
                ApiInput.string(json, "role"),
                ApiInput.optionalBool(json, "enabled"));
        return json(Response.Status.OK, agents.update(agentId, changes, caller(), request));
    }

    @PUT
    @Path("{id}/password")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Reset an agent's password (admins)", description = "Body {\"password\" (12-200 characters)}.")
    @APIResponse(responseCode = "204", description = "Reset; the old password no longer works.")
    @APIResponse(responseCode = "400", description = "The password is missing or invalid.")
    @APIResponse(responseCode = "401", description = "Not logged in.")
    @APIResponse(responseCode = "403", description = "Not an admin.")
    @APIResponse(responseCode = "404", description = "No such agent.")
    public Response resetPassword(
            @PathParam("id") String id, @HeaderParam("X-Request-ID") String requestId, byte[] body) {
        String request = ApiInput.requestId(requestId);
        long agentId = ApiInput.id(id);
        JsonObject json = ApiInput.object(body);
        agents.resetPassword(agentId, ApiInput.string(json, "password"), caller(), request);
        return Response.noContent().build();
    }

    private String caller() {
        return security.getUserPrincipal().getName();
    }

    static Response json(Response.Status status, Object view) {
        return Response.status(status)
                .entity(ConversationJson.write(view))
                .type(MediaType.APPLICATION_JSON)
                .build();
    }
}
