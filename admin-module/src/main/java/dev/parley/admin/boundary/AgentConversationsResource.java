package dev.parley.admin.boundary;

import dev.parley.agent.boundary.Agents;
import dev.parley.agent.entity.Role;
import dev.parley.assignment.boundary.Assignments;
import dev.parley.conversation.boundary.ConversationSearch;
import dev.parley.conversation.boundary.ConversationSearch.Criteria;
import dev.parley.conversation.boundary.ConversationSearch.Sort;
import dev.parley.conversation.boundary.Conversations;
import dev.parley.conversation.boundary.SeenMarks;
import dev.parley.conversation.control.ConversationJson;
import dev.parley.conversation.entity.AssigneeFilter;
import dev.parley.conversation.entity.ConversationStatus;
import dev.parley.merge.boundary.ConversationMerger;
import dev.parley.merge.entity.MergeActor;
import dev.parley.problem.entity.ProblemException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
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
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The agent API for conversations: list and read them, answer, change their status, merge and
 * unmerge. Lists are JSON arrays, newest first, with the paging headers of {@link ListPage}.
 */
@Path("v1/conversations")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Conversations", description = "Read, answer, resolve, merge and unmerge conversations.")
@APIResponse(responseCode = "401", description = "Not logged in (HTTP Basic), as application/problem+json.")
public class AgentConversationsResource {

    @Inject
    Conversations conversations;

    @Inject
    Agents agents;

    @Inject
    ConversationSearch search;

    @Inject
    ConversationMerger merger;

    @Inject
    Assignments assignments;

    @Inject
    SeenMarks seen;

    @Context
    SecurityContext security;

    @GET
    @Operation(
            summary = "List conversations",
            description = "Newest first; every filter is optional. "
                    + "email matches part of the visitor's email, case-insensitive. hasDuplicates=true keeps conversations "
                    + "that have a duplicate: another of the same person (same contact or same email) open at an "
                    + "overlapping time or opened with the same first message. "
                    + "assignee=me|none|<agent id> filters by assignee; q matches the visitor's name or email or the text"
                    + " of any message (case-insensitive); mineFirst=true lists the caller's own open and pending"
                    + " conversations first. Every conversation carries its assignee (absent when nobody has it) and"
                    + " unread, the number of the visitor's messages the caller has not seen. "
                    + "The number of matches is in the X-Total-Count header, up to 10,000 (above, the header is left"
                    + " out); a Link header with rel=\"next\" points to the next page when there is one.")
    @APIResponse(responseCode = "200", description = "A page of conversations (without messages).")
    @APIResponse(responseCode = "400", description = "A filter or the paging is invalid.")
    public Response list(
            @QueryParam("status") String status,
            @QueryParam("inboxId") String inboxId,
            @QueryParam("contactId") String contactId,
            @QueryParam("email") String email,
            @QueryParam("hasDuplicates") String hasDuplicates,
            @Parameter(description = "me, none or an agent id") @QueryParam("assignee") String assignee,
            @Parameter(description = "text in the visitor's name, email or messages") @QueryParam("q") String q,
            @Parameter(description = "the caller's own open conversations first") @QueryParam("mineFirst")
                    String mineFirst,
            @Parameter(description = "0-based page") @QueryParam("page") @DefaultValue("0") String page,
            @Parameter(description = "1-200") @QueryParam("size") @DefaultValue("50") String size,
            @Context UriInfo uri) {
        int pageNumber = ApiInput.integer("page", page, 0, 1_000_000);
        int pageSize = ApiInput.integer("size", size, 1, 200);
        ConversationStatus statusFilter = status == null ? null : ApiInput.status(status);
        Long inbox = ApiInput.optionalId("inboxId", inboxId);
        Long contact = ApiInput.optionalId("contactId", contactId);
        ApiInput.filter("email", email, 320);
        boolean duplicates = ApiInput.flag("hasDuplicates", hasDuplicates);
        AssigneeFilter assigneeFilter = AssigneeFilter.parse(assignee);
        ApiInput.filter("q", q, ConversationSearch.TEXT_LIMIT);
        boolean mine = ApiInput.flag("mineFirst", mineFirst);
        Criteria criteria = new Criteria(
                statusFilter,
                inbox,
                contact,
                null,
                email,
                duplicates,
                Sort.ID,
                false,
                assigneeFilter,
                q,
                callerId(),
                mine);
        var views = search.views(criteria, pageNumber * pageSize, pageSize);
        return ListPage.of(ConversationJson.write(views), views, search.count(criteria), pageNumber, pageSize, uri);
    }

    @GET
    @Path("{id}")
    @Operation(
            summary = "One conversation with its whole timeline",
            description = "Messages in time order "
                    + "(created, then id); merged-in messages keep their originConversationId.")
    @APIResponse(
            responseCode = "200",
            description = "The conversation, with its assignee and the caller's unread count.")
    @APIResponse(responseCode = "404", description = "No such conversation.")
    public String get(@PathParam("id") String id) {
        long conversationId = ApiInput.id(id);
        return conversations
                .find(conversationId, callerId())
                .map(ConversationJson::write)
                .orElseThrow(() -> ProblemException.notFound("No such conversation."));
    }

    @POST
    @Path("{id}/messages")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Answer as the logged-in agent",
            description =
                    "Body {\"content\":\"...\"}. "
                            + "Addressed to a merged conversation, the message is stored in the conversation it was merged into.")
    @APIResponse(responseCode = "201", description = "The stored message.")
    @APIResponse(responseCode = "400", description = "Missing or invalid content.")
    @APIResponse(responseCode = "404", description = "No such conversation.")
    @APIResponse(responseCode = "503", description = "Busy; nothing was written, retry.")
    public Response reply(@PathParam("id") String id, @HeaderParam("X-Request-ID") String requestId, byte[] body) {
        long conversationId = ApiInput.id(id);
        String content = ApiInput.string(ApiInput.object(body), "content");
        return Response.status(Response.Status.CREATED)
                .entity(ConversationJson.write(conversations.postAsAgent(
                        conversationId, agent(), agents.displayName(agent()), content, ApiInput.requestId(requestId))))
                .type(MediaType.APPLICATION_JSON)
                .build();
    }

    @POST
    @Path("{id}/status")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Change the status",
            description = "Body {\"status\":\"OPEN|PENDING|RESOLVED\"}; " + "MERGED only through merge.")
    @APIResponse(responseCode = "200", description = "The conversation.")
    @APIResponse(responseCode = "400", description = "Unknown status, or MERGED.")
    @APIResponse(responseCode = "409", description = "The conversation is merged.")
    public String changeStatus(@PathParam("id") String id, @HeaderParam("X-Request-ID") String requestId, byte[] body) {
        long conversationId = ApiInput.id(id);
        String status = ApiInput.string(ApiInput.object(body), "status");
        if (status == null) {
            throw ProblemException.invalid("status", "is required");
        }
        return ConversationJson.write(conversations.changeStatus(
                conversationId, ApiInput.status(status), "agent:" + agent(), ApiInput.requestId(requestId)));
    }

    @POST
    @Path("{id}/merge")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Merge conversations into this one",
            description = "Body {\"sourceIds\":[..], "
                    + "\"allowCrossContact\":false}. One transaction; the same merge again changes nothing. "
                    + "Sources of another contact need allowCrossContact=true, which only an admin may set.")
    @APIResponse(responseCode = "200", description = "{conversation (with its timeline), merged, unchanged}.")
    @APIResponse(responseCode = "400", description = "sourceIds missing or not positive integers.")
    @APIResponse(
            responseCode = "403",
            description = "allowCrossContact with sources of another contact, without " + "the ADMIN role.")
    @APIResponse(responseCode = "404", description = "A conversation does not exist.")
    @APIResponse(
            responseCode = "409",
            description = "A source is merged elsewhere, the target is merged (or a cycle), "
                    + "or the target's contact has another open conversation.")
    @APIResponse(
            responseCode = "422",
            description = "Into itself, across contacts without the flag, or across inboxes.")
    @APIResponse(responseCode = "503", description = "Busy (lock timeout or deadlock); nothing changed, retry.")
    public String merge(@PathParam("id") String id, @HeaderParam("X-Request-ID") String requestId, byte[] body) {
        long targetId = ApiInput.id(id);
        JsonObject json = ApiInput.object(body);
        List<Long> sourceIds = ApiInput.ids(json, "sourceIds");
        boolean crossContact = ApiInput.bool(json, "allowCrossContact");
        return ConversationJson.write(
                merger.merge(targetId, sourceIds, crossContact, actor(), ApiInput.requestId(requestId)));
    }

    @POST
    @Path("{id}/unmerge")
    @Operation(
            summary = "Take a merged conversation out of its target",
            description = "Restores its own "
                    + "messages and its previous status; messages written after the merge stay in the target.")
    @APIResponse(responseCode = "200", description = "The restored conversation with its timeline.")
    @APIResponse(responseCode = "404", description = "No such conversation.")
    @APIResponse(
            responseCode = "409",
            description = "Not merged, changed meanwhile, or its contact has another " + "open conversation now.")
    @APIResponse(responseCode = "503", description = "Busy; nothing changed, retry.")
    public String unmerge(@PathParam("id") String id, @HeaderParam("X-Request-ID") String requestId) {
        return ConversationJson.write(
                merger.unmerge(ApiInput.id(id), "agent:" + agent(), ApiInput.requestId(requestId)));
    }

    @GET
    @Path("{id}/merge-preview")
    @Operation(
            summary = "What a merge would do",
            description = "?sourceIds=1,2&allowCrossContact=false: the "
                    + "same decision as the merge with that body, for the logged-in agent. The messages that would move, the "
                    + "resulting timeline and status, and the reasons the merge would be refused: problems (text) and "
                    + "refusals (the problem+json bodies; the first is the merge's answer).")
    @APIResponse(responseCode = "200", description = "The preview.")
    @APIResponse(
            responseCode = "400",
            description = "sourceIds missing or invalid, or allowCrossContact not a boolean.")
    @APIResponse(responseCode = "404", description = "A conversation does not exist.")
    public String preview(
            @PathParam("id") String id,
            @QueryParam("sourceIds") String sourceIds,
            @QueryParam("allowCrossContact") String allowCrossContact) {
        return ConversationJson.write(merger.preview(
                ApiInput.id(id),
                ApiInput.idList("sourceIds", sourceIds),
                ApiInput.flag("allowCrossContact", allowCrossContact),
                actor()));
    }

    @GET
    @Path("{id}/duplicates")
    @Operation(
            summary = "Suggested duplicates",
            description = "Conversations of the same contact (or of a contact "
                    + "with the same email) that overlap in time or start with the same message.")
    @APIResponse(responseCode = "200", description = "[{conversation, reasons}].")
    @APIResponse(responseCode = "404", description = "No such conversation.")
    public String duplicates(@PathParam("id") String id) {
        return ConversationJson.write(merger.suggestions(ApiInput.id(id)));
    }

    @POST
    @Path("{id}/take")
    @Operation(
            summary = "Assign the conversation to the caller",
            description = "Succeeds when nobody or the caller has it; never takes it from another agent (an admin"
                    + " reassigns with assignee). Two agents taking together: one gets 200, the other 409. Audited.")
    @APIResponse(responseCode = "200", description = "The conversation, assigned to the caller.")
    @APIResponse(responseCode = "404", description = "No such conversation.")
    @APIResponse(
            responseCode = "409",
            description = "Another agent has it (the detail names who), or the conversation is merged.")
    @APIResponse(responseCode = "503", description = "Busy; nothing changed, retry.")
    public String take(@PathParam("id") String id, @HeaderParam("X-Request-ID") String requestId) {
        long conversationId = ApiInput.id(id);
        return ConversationJson.write(assignments.take(conversationId, agent(), ApiInput.requestId(requestId)));
    }

    @POST
    @Path("{id}/assignee")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Assign the conversation to an agent, or to nobody",
            description = "Body {\"agentId\": 7} or {\"agentId\": null}. Anybody may assign a conversation that"
                    + " nobody or the caller has; changing another agent's conversation needs the ADMIN role. Audited.")
    @APIResponse(responseCode = "200", description = "The conversation with its new assignee.")
    @APIResponse(responseCode = "400", description = "agentId missing or not a positive integer or null.")
    @APIResponse(responseCode = "403", description = "Another agent has it and the caller is not an admin.")
    @APIResponse(responseCode = "404", description = "No such conversation.")
    @APIResponse(responseCode = "409", description = "The conversation is merged.")
    @APIResponse(responseCode = "422", description = "No enabled agent with that id.")
    @APIResponse(responseCode = "503", description = "Busy; nothing changed, retry.")
    public String assign(@PathParam("id") String id, @HeaderParam("X-Request-ID") String requestId, byte[] body) {
        long conversationId = ApiInput.id(id);
        Long agentId = ApiInput.requiredIdOrNull(ApiInput.object(body), "agentId", "nobody");
        return ConversationJson.write(
                assignments.assign(conversationId, agentId, agent(), ApiInput.requestId(requestId)));
    }

    @POST
    @Path("{id}/seen")
    @Operation(
            summary = "Mark the conversation seen by the caller",
            description = "Up to its newest message (never backwards); clears the caller's unread count there.")
    @APIResponse(
            responseCode = "200",
            description = "{conversationId, lastSeenMessageId, unread, totalUnread}: totalUnread counts the caller's"
                    + " unread messages in the open and pending conversations assigned to it or to nobody.")
    @APIResponse(responseCode = "404", description = "No such conversation.")
    public String seen(@PathParam("id") String id) {
        return ConversationJson.write(seen.markSeen(ApiInput.id(id), agent()));
    }

    private long callerId() {
        return agents.me(agent()).id();
    }

    private String agent() {
        return security.getUserPrincipal().getName();
    }

    /** The logged-in agent with the role the merge rule checks. */
    private MergeActor actor() {
        return MergeActor.agent(agent(), security.isUserInRole("ADMIN") ? Role.ADMIN : Role.AGENT);
    }
}
