package dev.parley.admin.boundary;

import dev.parley.problem.boundary.Ids;
import dev.parley.problem.entity.ProblemException;
import dev.parley.webhook.boundary.Webhooks;
import dev.parley.webhook.entity.WebhookEndpointView;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Webhook endpoints over the API, admins only ({@link Webhooks} checks the role against the caller's account
 * and audits). Bodies are strict: a field this API does not know is a 400, so a typo never passes silently.
 */
@Path("v1/webhooks")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(
        name = "Webhooks",
        description = "Endpoints Parley posts events to, signed the Standard Webhooks way; their deliveries.")
@APIResponse(responseCode = "401", description = "Not logged in, as application/problem+json.")
@APIResponse(responseCode = "403", description = "Not an admin.")
public class AgentWebhooksResource {

    private static final String FIELDS = "{id, url, events, enabled, disabledReason, consecutiveFailures, createdAt,"
            + " createdBy, updatedAt, updatedBy}";
    private static final String DELIVERY_FIELDS = "{id, endpointId, eventId, type, conversationId, contactId, status,"
            + " attempts, lastResponseCode, lastError, createdAt, lastAttemptAt, nextAttemptAt, deliveredAt}";
    private static final int EVENTS_LIMIT = 20;

    @Inject
    Webhooks webhooks;

    @Context
    SecurityContext security;

    @Context
    UriInfo uri;

    @GET
    @Operation(summary = "List webhook endpoints (admins)", description = "By id; never their secrets.")
    @APIResponse(responseCode = "200", description = "[" + FIELDS + "].")
    public Response list(@HeaderParam("X-Request-ID") String requestId) {
        return AgentsResource.json(Response.Status.OK, webhooks.list(caller(), ApiInput.requestId(requestId)));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Register a webhook endpoint (admins)",
            description = "Body {\"url\" (http or https, at most 2048 characters; loopback and private addresses"
                    + " are refused unless parley.webhooks.allow-private-targets), \"events\" (a non-empty array of"
                    + " conversation.created, message.created, conversation.status_changed, conversation.merged,"
                    + " conversation.unmerged, conversation.assigned, contact.updated)}. The answer holds the"
                    + " signing secret (whsec_...): it is shown this once.")
    @APIResponse(responseCode = "201", description = FIELDS + " and secret; Location names it.")
    @APIResponse(responseCode = "400", description = "A field is missing, unknown or invalid.")
    @APIResponse(responseCode = "409", description = "There are 100 endpoints already.")
    public Response create(@HeaderParam("X-Request-ID") String requestId, byte[] body) {
        String request = ApiInput.requestId(requestId);
        JsonObject json = strict(body, Set.of("url", "events"));
        WebhookEndpointView created = webhooks.create(string(json, "url"), events(json), caller(), request);
        return Response.fromResponse(AgentsResource.json(Response.Status.CREATED, created))
                .location(uri.getAbsolutePathBuilder()
                        .path(String.valueOf(created.id()))
                        .build())
                .build();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One webhook endpoint (admins)")
    @APIResponse(responseCode = "200", description = FIELDS + ".")
    @APIResponse(responseCode = "404", description = "No such endpoint.")
    public Response get(@PathParam("id") String id, @HeaderParam("X-Request-ID") String requestId) {
        return AgentsResource.json(Response.Status.OK, webhooks.find(id(id), caller(), ApiInput.requestId(requestId)));
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Change a webhook endpoint (admins)",
            description = "Body {\"url\", \"events\"} as for the registration, and optionally \"enabled\": true"
                    + " re-enables a disabled endpoint (its waiting deliveries go out again), false disables it."
                    + " The secret stays.")
    @APIResponse(responseCode = "200", description = FIELDS + " after the change.")
    @APIResponse(responseCode = "400", description = "A field is missing, unknown or invalid.")
    @APIResponse(responseCode = "404", description = "No such endpoint.")
    public Response update(@PathParam("id") String id, @HeaderParam("X-Request-ID") String requestId, byte[] body) {
        long endpointId = id(id);
        String request = ApiInput.requestId(requestId);
        JsonObject json = strict(body, Set.of("url", "events", "enabled"));
        return AgentsResource.json(
                Response.Status.OK,
                webhooks.update(
                        endpointId,
                        string(json, "url"),
                        events(json),
                        ApiInput.optionalBool(json, "enabled"),
                        caller(),
                        request));
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Delete a webhook endpoint and its deliveries (admins)")
    @APIResponse(responseCode = "204", description = "Deleted.")
    @APIResponse(responseCode = "404", description = "No such endpoint.")
    public Response delete(@PathParam("id") String id, @HeaderParam("X-Request-ID") String requestId) {
        webhooks.delete(id(id), caller(), ApiInput.requestId(requestId));
        return Response.noContent().build();
    }

    @GET
    @Path("{id}/deliveries")
    @Operation(
            summary = "An endpoint's deliveries (admins)",
            description = "Newest first, page by page: page from 0 (default 0), size 1-200 (default 50).")
    @APIResponse(responseCode = "200", description = "[" + DELIVERY_FIELDS + "].")
    @APIResponse(responseCode = "400", description = "page or size is invalid.")
    @APIResponse(responseCode = "404", description = "No such endpoint.")
    public Response deliveries(
            @PathParam("id") String id,
            @Parameter(description = "0-100000, default 0") @QueryParam("page") String page,
            @Parameter(description = "1-200, default 50") @QueryParam("size") String size,
            @HeaderParam("X-Request-ID") String requestId) {
        long endpointId = id(id);
        int pageNumber = page == null ? 0 : ApiInput.integer("page", page, 0, 100_000);
        int pageSize = size == null ? 50 : ApiInput.integer("size", size, 1, Webhooks.PAGE_SIZE_LIMIT);
        return AgentsResource.json(
                Response.Status.OK,
                webhooks.deliveries(endpointId, pageNumber, pageSize, caller(), ApiInput.requestId(requestId)));
    }

    @POST
    @Path("{id}/deliveries/{deliveryId}/redeliver")
    @Operation(
            summary = "Send a delivery again (admins)",
            description = "With the same webhook-id, so a receiver that has it already can drop it; pending now, with"
                    + " a fresh retry span. No body.")
    @APIResponse(responseCode = "200", description = DELIVERY_FIELDS + ".")
    @APIResponse(responseCode = "404", description = "No such endpoint or delivery.")
    @APIResponse(responseCode = "409", description = "The delivery is being posted right now.")
    public Response redeliver(
            @PathParam("id") String id,
            @PathParam("deliveryId") String deliveryId,
            @HeaderParam("X-Request-ID") String requestId) {
        long endpointId = id(id);
        long delivery = Ids.parse(deliveryId).orElseThrow(() -> ProblemException.notFound("No such delivery."));
        return AgentsResource.json(
                Response.Status.OK, webhooks.redeliver(endpointId, delivery, caller(), ApiInput.requestId(requestId)));
    }

    private static JsonObject strict(byte[] body, Set<String> known) {
        JsonObject json = ApiInput.object(body);
        for (String field : json.keySet()) {
            if (!known.contains(field)) {
                throw ProblemException.invalid(
                        field.length() > 100 ? field.substring(0, 100) : field, "is not a field of this request");
            }
        }
        return json;
    }

    private static String string(JsonObject json, String field) {
        String value = ApiInput.string(json, field);
        if (value == null) {
            throw ProblemException.invalid(field, "is required");
        }
        return value;
    }

    private static List<String> events(JsonObject json) {
        JsonValue value = json.get("events");
        if (value == null || value.getValueType() != JsonValue.ValueType.ARRAY) {
            throw ProblemException.invalid("events", "must be a non-empty array of event names");
        }
        if (value.asJsonArray().size() > EVENTS_LIMIT) {
            throw ProblemException.invalid("events", "must name at most " + EVENTS_LIMIT + " events");
        }
        List<String> events = new ArrayList<>();
        for (JsonValue element : value.asJsonArray()) {
            if (!(element instanceof JsonString name)) {
                throw ProblemException.invalid("events", "must hold event names (strings) only");
            }
            events.add(name.getString());
        }
        return events;
    }

    private static long id(String value) {
        return Ids.parse(value).orElseThrow(() -> ProblemException.notFound("No such webhook endpoint."));
    }

    private String caller() {
        return security.getUserPrincipal().getName();
    }
}
