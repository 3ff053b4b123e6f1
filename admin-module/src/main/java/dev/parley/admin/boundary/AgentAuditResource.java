package dev.parley.admin.boundary;

import dev.parley.audit.boundary.AuditSearch;
import dev.parley.audit.entity.AuditEvent;
import dev.parley.conversation.control.ConversationJson;
import dev.parley.problem.entity.ProblemException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The audit log, read-only: what happened to a conversation or a contact, and who did it. */
@Path("v1/audit")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Audit", description = "The audit log of every action.")
public class AgentAuditResource {

    @Inject
    AuditSearch search;

    /** One audit entry as the API shows it. */
    public record Entry(
            long id,
            Instant occurredAt,
            String action,
            String outcome,
            String actor,
            String requestId,
            Long contactId,
            Long conversationId,
            String detail) {

        static Entry of(AuditEvent event) {
            return new Entry(
                    event.getId(),
                    event.getOccurredAt(),
                    event.getAction(),
                    event.getOutcome(),
                    event.getActor(),
                    event.getRequestId(),
                    event.getContactId(),
                    event.getConversationId(),
                    event.getDetail());
        }
    }

    @GET
    @Operation(
            summary = "Read the audit log",
            description = "Newest first, optionally of one request id, conversation, "
                    + "contact, action (a prefix: conversation.merge finds every merge action) and time range "
                    + "(ISO-8601 instants, from inclusive, to exclusive); the number of matches is in X-Total-Count up to"
                    + " 10,000 (above, the header is left out); a Link header with rel=\"next\" points to the next"
                    + " page when there is one.")
    @APIResponse(responseCode = "200", description = "A page of audit entries.")
    @APIResponse(responseCode = "400", description = "A filter or the paging is invalid.")
    @APIResponse(responseCode = "401", description = "Not logged in.")
    public Response list(
            @QueryParam("requestId") String requestId,
            @QueryParam("conversationId") String conversationId,
            @QueryParam("contactId") String contactId,
            @QueryParam("action") String action,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("page") @DefaultValue("0") String page,
            @QueryParam("size") @DefaultValue("50") String size,
            @Context UriInfo uri) {
        int pageNumber = ApiInput.integer("page", page, 0, 1_000_000);
        int pageSize = ApiInput.integer("size", size, 1, AuditSearch.MAX_LIMIT);
        ApiInput.filter("action", action, 50);
        ApiInput.filter("requestId", requestId, 255);
        AuditSearch.Criteria criteria = new AuditSearch.Criteria(
                requestId,
                ApiInput.optionalId("contactId", contactId),
                ApiInput.optionalId("conversationId", conversationId),
                action,
                instant("from", from),
                instant("to", to));
        List<Entry> entries = search.page(criteria, pageNumber * pageSize, pageSize).stream()
                .map(Entry::of)
                .toList();
        return ListPage.of(ConversationJson.write(entries), entries, search.count(criteria), pageNumber, pageSize, uri);
    }

    private static Instant instant(String field, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (java.time.format.DateTimeParseException notAnInstant) {
            throw ProblemException.invalid(field, "must be an ISO-8601 instant such as 2026-01-31T12:00:00Z");
        }
    }
}
