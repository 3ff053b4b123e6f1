package dev.parley.admin.boundary;

import dev.parley.canned.boundary.CannedResponses;
import dev.parley.canned.entity.CannedResponseView;
import dev.parley.inbox.boundary.Inboxes;
import dev.parley.problem.boundary.Ids;
import dev.parley.problem.entity.ProblemException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Canned responses over the API: every agent lists, searches, reads and renders them, admins create,
 * change and delete them ({@link CannedResponses} checks the role against the caller's account and audits).
 * A list is of the default inbox unless {@code inboxId} names another, as for the inbox's identity settings.
 */
@Path("v1/canned-responses")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Canned responses", description = "An inbox's saved replies, with a short code and visitor placeholders.")
@APIResponse(responseCode = "401", description = "Not logged in, as application/problem+json.")
public class AgentCannedResponsesResource {

    private static final String FIELDS =
            "{id, inboxId, shortCode, title, content, createdAt, createdBy, updatedAt," + " updatedBy}";

    @Inject
    CannedResponses canned;

    @Inject
    Inboxes inboxes;

    @Context
    SecurityContext security;

    @Context
    UriInfo uri;

    @GET
    @Operation(
            summary = "List or search canned responses",
            description = "By short code. q keeps those whose short code starts with it or whose title or text"
                    + " contains it (case-insensitive); at most 500.")
    @APIResponse(responseCode = "200", description = "[" + FIELDS + "].")
    @APIResponse(responseCode = "400", description = "q or inboxId is invalid.")
    @APIResponse(responseCode = "404", description = "No such inbox.")
    public Response list(
            @Parameter(description = "1-100 characters") @QueryParam("q") String q,
            @Parameter(description = "default: the default inbox") @QueryParam("inboxId") String inboxId) {
        String query = ApiInput.filter("q", q, CannedResponses.QUERY_LIMIT);
        return AgentsResource.json(Response.Status.OK, canned.list(inbox(inboxId), query));
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One canned response")
    @APIResponse(responseCode = "200", description = FIELDS + ".")
    @APIResponse(responseCode = "404", description = "No such canned response.")
    public Response get(@PathParam("id") String id) {
        return AgentsResource.json(Response.Status.OK, canned.find(id(id)));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Create a canned response (admins)",
            description = "Body {\"shortCode\" (1-32 of a-z 0-9 - _), \"title\" (1-200 characters), \"content\""
                    + " (1-4000 characters; {{visitor.name}}, {{visitor.firstName}} and {{agent.name}} are filled in"
                    + " when it is rendered)}.")
    @APIResponse(responseCode = "201", description = FIELDS + "; Location names it.")
    @APIResponse(responseCode = "400", description = "A field is missing or invalid.")
    @APIResponse(responseCode = "403", description = "Not an admin.")
    @APIResponse(responseCode = "404", description = "No such inbox.")
    @APIResponse(responseCode = "409", description = "The inbox has this short code already.")
    public Response create(
            @QueryParam("inboxId") String inboxId, @HeaderParam("X-Request-ID") String requestId, byte[] body) {
        long inbox = inbox(inboxId);
        String request = ApiInput.requestId(requestId);
        JsonObject json = ApiInput.object(body);
        CannedResponseView created = canned.create(
                inbox,
                ApiInput.string(json, "shortCode"),
                ApiInput.string(json, "title"),
                ApiInput.string(json, "content"),
                caller(),
                request);
        return Response.fromResponse(AgentsResource.json(Response.Status.CREATED, created))
                .location(uri.getAbsolutePathBuilder()
                        .path(String.valueOf(created.id()))
                        .replaceQuery(null)
                        .build())
                .build();
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Change a canned response (admins)",
            description = "Body {\"shortCode\", \"title\", \"content\"}, all required, as for the creation.")
    @APIResponse(responseCode = "200", description = FIELDS + " after the change.")
    @APIResponse(responseCode = "400", description = "A field is missing or invalid.")
    @APIResponse(responseCode = "403", description = "Not an admin.")
    @APIResponse(responseCode = "404", description = "No such canned response.")
    @APIResponse(responseCode = "409", description = "Another canned response of the inbox has this short code.")
    public Response update(@PathParam("id") String id, @HeaderParam("X-Request-ID") String requestId, byte[] body) {
        long cannedId = id(id);
        String request = ApiInput.requestId(requestId);
        JsonObject json = ApiInput.object(body);
        return AgentsResource.json(
                Response.Status.OK,
                canned.update(
                        cannedId,
                        ApiInput.string(json, "shortCode"),
                        ApiInput.string(json, "title"),
                        ApiInput.string(json, "content"),
                        caller(),
                        request));
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Delete a canned response (admins)")
    @APIResponse(responseCode = "204", description = "Deleted.")
    @APIResponse(responseCode = "403", description = "Not an admin.")
    @APIResponse(responseCode = "404", description = "No such canned response.")
    public Response delete(@PathParam("id") String id, @HeaderParam("X-Request-ID") String requestId) {
        canned.delete(id(id), caller(), ApiInput.requestId(requestId));
        return Response.noContent().build();
    }

    @GET
    @Path("{id}/render")
    @Operation(
            summary = "A canned response filled in for a conversation",
            description = "The text with {{visitor.name}} and {{visitor.firstName}} replaced by the conversation's"
                    + " visitor (\"there\" when the visitor gave no name) and {{agent.name}} by the caller's display"
                    + " name. Plain text: escape it where it is shown as HTML.")
    @APIResponse(responseCode = "200", description = "{content}.")
    @APIResponse(responseCode = "400", description = "conversation is missing or not a positive integer.")
    @APIResponse(
            responseCode = "404",
            description = "No such canned response or conversation, or they belong to different inboxes.")
    public Response render(@PathParam("id") String id, @QueryParam("conversation") String conversation) {
        long cannedId = id(id);
        Long conversationId = ApiInput.optionalId("conversation", conversation);
        if (conversationId == null) {
            throw ProblemException.invalid("conversation", "is required: the id of the conversation to answer");
        }
        String content = canned.render(cannedId, conversationId, caller());
        return Response.ok(Json.createObjectBuilder()
                        .add("content", content)
                        .build()
                        .toString())
                .type(MediaType.APPLICATION_JSON)
                .build();
    }

    private long inbox(String inboxId) {
        Long id = ApiInput.optionalId("inboxId", inboxId);
        return id != null ? id : inboxes.defaultInbox().getId();
    }

    private static long id(String value) {
        return Ids.parse(value).orElseThrow(() -> ProblemException.notFound("No such canned response."));
    }

    private String caller() {
        return security.getUserPrincipal().getName();
    }
}
