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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
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
                    + "(ISO-8601 instants, from inclusive, to exclusive); the total is in X-Total-Count.")
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
            @QueryParam("size") @DefaultValue("50") String size) {
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
        return Response.ok(ConversationJson.write(search.page(criteria, pageNumber * pageSize, pageSize).stream()
                        .map(Entry::of)
                        .toList()))
                .header(AgentConversationsResource.TOTAL, search.count(criteria))
                .build();
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
