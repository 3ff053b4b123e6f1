package dev.parley.widget.boundary;

import dev.parley.audit.control.RequestIds;
import dev.parley.contact.entity.ContactRef;
import dev.parley.conversation.control.ConversationJson;
import dev.parley.limit.boundary.RateLimits;
import dev.parley.limit.entity.VisitorLimit;
import dev.parley.privacy.boundary.ErasureRequests;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * {@code POST /v1/erasure-requests}: the visitor asks for their data to be erased, where their inbox offers it
 * (404 otherwise, the default). No body: the token says who. {@code 201} with the new request, {@code 200} with
 * the pending one when it waits already; an admin decides it. Limited per visitor.
 */
@Path("v1/erasure-requests")
@ApplicationScoped
public class ErasureRequestResource {

    @Inject
    ErasureRequests requests;

    @Inject
    ContactAuthentication authentication;

    @Inject
    RateLimits limits;

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Response file(
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam("X-Request-ID") String xRequestId) {
        ContactRef contact = authentication.require(authorization);
        limits.check(Map.of(VisitorLimit.ERASURE_REQUEST_PER_CONTACT, String.valueOf(contact.contactId())));
        ErasureRequests.Filed filed = requests.file(contact, RequestIds.of(xRequestId, null));
        return Response.status(filed.created() ? Response.Status.CREATED : Response.Status.OK)
                .entity(ConversationJson.write(filed.request()))
                .type(MediaType.APPLICATION_JSON)
                .build();
    }
}
