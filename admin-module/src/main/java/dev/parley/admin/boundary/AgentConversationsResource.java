package dev.parley.admin.boundary;

import dev.parley.conversation.boundary.ConversationJson;
import dev.parley.conversation.boundary.Conversations;
import dev.parley.conversation.entity.ConversationStatus;
import dev.parley.problem.boundary.FieldError;
import dev.parley.problem.boundary.ProblemException;
import dev.parley.problem.boundary.JsonBody;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
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
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The agent API for conversations: read them, answer, change their status. */
@Path("v1/conversations")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class AgentConversationsResource {

    @Inject
    Conversations conversations;

    @Context
    SecurityContext security;

    @GET
    public String list(@QueryParam("status") String status, @QueryParam("page") @DefaultValue("0") String page,
            @QueryParam("size") @DefaultValue("50") String size) {
        int pageNumber = ApiInput.integer("page", page, 0, 1_000_000);
        int pageSize = ApiInput.integer("size", size, 1, 200);
        return ConversationJson.write(conversations.page(status == null ? null : ApiInput.status(status),
                pageNumber * pageSize, pageSize));
    }

    @GET
    @Path("{id}")
    public String get(@PathParam("id") String id) {
        return conversations.find(ApiInput.id(id)).map(ConversationJson::write)
                .orElseThrow(() -> ProblemException.notFound("No such conversation."));
    }

    @POST
    @Path("{id}/messages")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response reply(@PathParam("id") String id, @HeaderParam("X-Request-ID") String requestId, byte[] body) {
        long conversationId = ApiInput.id(id);
        List<FieldError> errors = new ArrayList<>();
        String content = JsonBody.parse(body).string("content", errors);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return Response.status(Response.Status.CREATED)
                .entity(ConversationJson.write(conversations.postAsAgent(conversationId, agent(), content,
                        requestId(requestId))))
                .type(MediaType.APPLICATION_JSON).build();
    }

    @POST
    @Path("{id}/status")
    @Consumes(MediaType.APPLICATION_JSON)
    public String changeStatus(@PathParam("id") String id, @HeaderParam("X-Request-ID") String requestId, byte[] body) {
        long conversationId = ApiInput.id(id);
        List<FieldError> errors = new ArrayList<>();
        String status = JsonBody.parse(body).string("status", errors);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        if (status == null) {
            throw ProblemException.invalid("status", "is required");
        }
        return ConversationJson.write(conversations.changeStatus(conversationId, ApiInput.status(status),
                "agent:" + agent(), requestId(requestId)));
    }

    private String agent() {
        return security.getUserPrincipal().getName();
    }

    private static String requestId(String given) {
        return given != null && given.length() <= 255 && !given.isBlank() ? given : UUID.randomUUID().toString();
    }

}
