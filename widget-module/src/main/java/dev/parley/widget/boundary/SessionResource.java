package dev.parley.widget.boundary;

import dev.parley.audit.control.RequestIds;
import dev.parley.contact.boundary.Contacts;
import dev.parley.contact.entity.ContactRef;
import dev.parley.contact.entity.NewSession;
import dev.parley.problem.boundary.JsonBody;
import dev.parley.problem.boundary.Jsonp;
import dev.parley.problem.entity.FieldError;
import dev.parley.problem.entity.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
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

/**
 * {@code POST /v1/session}: a new anonymous visitor, or the same visitor again with a valid token.
 * Application-scoped and stateless: as a request-scoped bean, Weld resolved each injected EJB through
 * JNDI on every request.
 */
@Path("v1/session")
@ApplicationScoped
public class SessionResource {

    @Inject
    Contacts contacts;

    @Inject
    ContactAuthentication authentication;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response start(
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam("X-Request-ID") String xRequestId,
            byte[] body) {
        List<FieldError> errors = new ArrayList<>();
        String websiteToken = JsonBody.parse(body).string("websiteToken", errors);
        if (errors.isEmpty()
                && (websiteToken == null
                        || websiteToken.isBlank()
                        || websiteToken.length() > 100
                        || !websiteToken.chars().allMatch(c -> c > 0x20 && c < 0x7f))) {
            errors.add(new FieldError("websiteToken", "is required"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        String requestId = RequestIds.of(xRequestId, null);
        if (authorization != null) {
            ContactRef contact = authentication.require(authorization);
            NewSession resumed = contacts.resumeSession(contact, websiteToken, requestId);
            String token = ContactAuthentication.bearerToken(authorization).orElseThrow();
            return answer(Response.ok(), resumed.contactId(), token);
        }
        NewSession created = contacts.startSession(websiteToken, requestId);
        return answer(Response.status(Response.Status.CREATED), created.contactId(), created.contactToken());
    }

    private static Response answer(Response.ResponseBuilder status, long contactId, String token) {
        return status.entity(Jsonp.objectBuilder()
                        .add("contactToken", token)
                        .add("contactId", contactId)
                        .build()
                        .toString())
                .type(MediaType.APPLICATION_JSON)
                .build();
    }
}
