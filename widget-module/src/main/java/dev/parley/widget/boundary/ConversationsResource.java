package dev.parley.widget.boundary;

import dev.parley.audit.control.RequestIds;
import dev.parley.contact.entity.ContactRef;
import dev.parley.conversation.boundary.Conversations;
import dev.parley.conversation.control.ConversationJson;
import dev.parley.conversation.entity.PostedMessage;
import dev.parley.idempotency.control.IdempotencyKeys;
import dev.parley.limit.boundary.RateLimits;
import dev.parley.limit.entity.RateLimited;
import dev.parley.limit.entity.VisitorLimit;
import dev.parley.problem.boundary.Ids;
import dev.parley.problem.boundary.JsonBody;
import dev.parley.problem.entity.FieldError;
import dev.parley.problem.entity.ProblemException;
import dev.parley.problem.entity.StorageBusy;
import dev.parley.problem.entity.StorageTimedOut;
import dev.parley.security.boundary.ClientAddress;
import dev.parley.start.boundary.ConversationStarter;
import dev.parley.start.entity.PreChatForm;
import dev.parley.start.entity.StartResult;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.Retry;

/**
 * The visitor's conversations: the idempotent start, reading, and writing messages.
 * Application-scoped and stateless: as a request-scoped bean, Weld resolved each injected EJB through
 * JNDI on every request.
 */
@Path("v1/conversations")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class ConversationsResource {

    @Inject
    ConversationStarter starter;

    @Inject
    Conversations conversations;

    @Inject
    ContactAuthentication authentication;

    @Inject
    RateLimits limits;

    @Context
    UriInfo uriInfo;

    /**
     * Retried because a busy database wrote nothing and the Idempotency-Key makes a retry safe,
     * except after a lock or statement timeout, which a retry would only wait out again;
     * the bulkhead keeps a burst of starts from queuing on the connection pool.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Retry(retryOn = StorageBusy.class, abortOn = StorageTimedOut.class, maxRetries = 2, delay = 200, jitter = 100)
    @Bulkhead(200)
    public Response start(
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam("Idempotency-Key") String idempotencyKey,
            @HeaderParam("X-Request-ID") String xRequestId,
            @Context HttpServletRequest request,
            byte[] body) {
        ContactRef contact = authentication.require(authorization);
        Optional<RateLimited> limited = limits.hit(Map.of(
                VisitorLimit.START_PER_CONTACT, String.valueOf(contact.contactId()),
                VisitorLimit.START_PER_ADDRESS, ClientAddress.of(request)));
        String key = idempotencyKey != null ? idempotencyKey : xRequestId;
        if (key == null) {
            throw ProblemException.invalid("Idempotency-Key", "header is required (X-Request-ID is accepted too)");
        }
        if (!IdempotencyKeys.isValid(key)) {
            throw ProblemException.invalid("Idempotency-Key", "must be 1-255 printable ASCII characters");
        }
        List<FieldError> errors = new ArrayList<>();
        JsonBody json = JsonBody.parse(body);
        PreChatForm form = new PreChatForm(
                json.string("name", errors), json.string("email", errors), json.string("message", errors));
        if (errors.isEmpty()) {
            errors.addAll(PreChatForm.violations(form));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        String requestId = RequestIds.of(xRequestId, key);
        StartResult result = limited.isEmpty()
                ? starter.start(contact, key, form, requestId)
                : starter.overLimit(contact, key, form, requestId, limited.get());
        Response.ResponseBuilder answer =
                Response.status(result.status()).entity(result.body()).type(MediaType.APPLICATION_JSON);
        if (result.status() == 201) {
            answer.location(uriInfo.getAbsolutePathBuilder()
                    .path(String.valueOf(result.conversationId()))
                    .build());
        }
        if (result.replayed()) {
            answer.header("Idempotent-Replayed", "true");
        }
        return answer.build();
    }

    @GET
    public String list(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return ConversationJson.write(conversations.forContact(authentication.require(authorization)));
    }

    @GET
    @Path("current")
    public String current(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return conversations
                .current(authentication.require(authorization))
                .map(ConversationJson::write)
                .orElseThrow(() -> ProblemException.notFound("No open conversation."));
    }

    @GET
    @Path("{id}/messages")
    public String messages(
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("id") String id,
            @QueryParam("after") String after) {
        ContactRef contact = authentication.require(authorization);
        long afterId = after == null ? 0 : Ids.cursor("after", after);
        return ConversationJson.write(conversations.messagesAfter(contact, Ids.conversation(id), afterId));
    }

    /** Retried for the same reason as a start: a busy database wrote nothing, and the echo id dedupes. */
    @POST
    @Path("{id}/messages")
    @Consumes(MediaType.APPLICATION_JSON)
    @Retry(retryOn = StorageBusy.class, abortOn = StorageTimedOut.class, maxRetries = 2, delay = 200, jitter = 100)
    @Bulkhead(200)
    public Response post(
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam("X-Request-ID") String xRequestId,
            @PathParam("id") String id,
            byte[] body) {
        ContactRef contact = authentication.require(authorization);
        Optional<RateLimited> limited =
                limits.hit(Map.of(VisitorLimit.MESSAGE_PER_CONTACT, String.valueOf(contact.contactId())));
        long conversationId = Ids.conversation(id);
        List<FieldError> errors = new ArrayList<>();
        JsonBody json = JsonBody.parse(body);
        String content = json.string("content", errors);
        String echoId = json.string("echoId", errors);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        PostedMessage posted = limited.isEmpty()
                ? conversations.postAsContact(contact, conversationId, content, echoId, RequestIds.of(xRequestId, null))
                : conversations.alreadyPosted(contact, conversationId, echoId).orElseThrow(limited::get);
        return Response.status(posted.created() ? 201 : 200)
                .entity(ConversationJson.write(posted.message()))
                .type(MediaType.APPLICATION_JSON)
                .build();
    }
}
