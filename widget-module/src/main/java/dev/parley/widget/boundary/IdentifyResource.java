package dev.parley.widget.boundary;

import dev.parley.audit.control.RequestIds;
import dev.parley.contact.entity.ContactRef;
import dev.parley.identity.boundary.Identities;
import dev.parley.identity.entity.Identified;
import dev.parley.problem.boundary.JsonBody;
import dev.parley.problem.boundary.Jsonp;
import dev.parley.problem.entity.FieldError;
import dev.parley.problem.entity.ProblemException;
import dev.parley.problem.entity.StorageBusy;
import dev.parley.problem.entity.StorageTimedOut;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.faulttolerance.Retry;

/**
 * {@code POST /v1/identify}: an anonymous visitor logs in mid-chat. Body {@code {"identifier",
 * "identifierHash", "name"?, "email"?}}; the token's contact is merged into the verified contact
 * (created if none), their live conversations become one, and the token speaks for the verified
 * contact from then on. {@code 409} when the token is already another identity.
 */
@Path("v1/identify")
@ApplicationScoped
public class IdentifyResource {

    @Inject
    Identities identities;

    @Inject
    ContactAuthentication authentication;

    /**
     * Retried because a busy database wrote nothing, and identifying again as the same identity
     * changes nothing; not after a timeout, which a retry would only wait out again.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Retry(retryOn = StorageBusy.class, abortOn = StorageTimedOut.class, maxRetries = 2, delay = 200, jitter = 100)
    public Response identify(
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam("X-Request-ID") String xRequestId,
            byte[] body) {
        ContactRef contact = authentication.require(authorization);
        List<FieldError> errors = new ArrayList<>();
        VisitorIdentity visitor = VisitorIdentity.read(JsonBody.parse(body), errors, true);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        Identified identified = identities.identify(
                contact, visitor.identity(), visitor.name(), visitor.email(), RequestIds.of(xRequestId, null));
        JsonObjectBuilder answer =
                Jsonp.objectBuilder().add("contactId", identified.contactId()).add("verified", true);
        if (identified.conversationId() != null) {
            answer.add("conversationId", identified.conversationId());
        }
        return Response.ok(answer.build().toString(), MediaType.APPLICATION_JSON)
                .build();
    }
}
