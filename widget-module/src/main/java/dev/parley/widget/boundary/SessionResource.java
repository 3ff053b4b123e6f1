package dev.parley.widget.boundary;

import dev.parley.audit.control.RequestIds;
import dev.parley.contact.boundary.Contacts;
import dev.parley.contact.entity.ContactRef;
import dev.parley.contact.entity.NewSession;
import dev.parley.identity.boundary.Identities;
import dev.parley.identity.entity.Identified;
import dev.parley.limit.boundary.RateLimits;
import dev.parley.limit.entity.VisitorLimit;
import dev.parley.problem.boundary.JsonBody;
import dev.parley.problem.boundary.Jsonp;
import dev.parley.problem.entity.FieldError;
import dev.parley.problem.entity.ProblemException;
import dev.parley.problem.entity.StorageBusy;
import dev.parley.problem.entity.StorageTimedOut;
import dev.parley.security.boundary.ClientAddress;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.faulttolerance.Retry;

/**
 * {@code POST /v1/session}: a new anonymous visitor, the same visitor again with a valid token, or a
 * visitor the website identified ({@code identifier} + {@code identifierHash}): that user's one
 * contact, with a new token for this device ({@code 201} when the contact was created, {@code 200}
 * after). With a token and an identifier it identifies the token's visitor, as {@code /identify}.
 * Application-scoped and stateless: as a request-scoped bean, Weld resolved each injected EJB through
 * JNDI on every request.
 */
@Path("v1/session")
@ApplicationScoped
public class SessionResource {

    @Inject
    Contacts contacts;

    @Inject
    Identities identities;

    @Inject
    ContactAuthentication authentication;

    @Inject
    RateLimits limits;

    /** Retried because a busy database wrote nothing and each branch is safe to run again. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Retry(retryOn = StorageBusy.class, abortOn = StorageTimedOut.class, maxRetries = 2, delay = 200, jitter = 100)
    public Response start(
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam("X-Request-ID") String xRequestId,
            @Context HttpServletRequest request,
            byte[] body) {
        if (authorization == null) {
            // a new device token: the flood an attacker with the public website token would send
            limits.check(Map.of(VisitorLimit.SESSION_PER_ADDRESS, ClientAddress.of(request)));
        }
        List<FieldError> errors = new ArrayList<>();
        JsonBody json = JsonBody.parse(body);
        String websiteToken = json.string("websiteToken", errors);
        if (errors.isEmpty()
                && (websiteToken == null
                        || websiteToken.isBlank()
                        || websiteToken.length() > 100
                        || !websiteToken.chars().allMatch(c -> c > 0x20 && c < 0x7f))) {
            errors.add(new FieldError("websiteToken", "is required"));
        }
        VisitorIdentity visitor = VisitorIdentity.read(json, errors, false);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        String requestId = RequestIds.of(xRequestId, null);
        if (visitor.identity().isGiven()) {
            if (authorization != null) {
                ContactRef contact = authentication.require(authorization);
                Identified identified = identities.identify(
                        contact, websiteToken, visitor.identity(), visitor.name(), visitor.email(), requestId);
                String token = ContactAuthentication.bearerToken(authorization).orElseThrow();
                return answer(Response.ok(), identified.contactId(), token, true);
            }
            NewSession session =
                    identities.session(websiteToken, visitor.identity(), visitor.name(), visitor.email(), requestId);
            return answer(
                    session.created() ? Response.status(Response.Status.CREATED) : Response.ok(),
                    session.contactId(),
                    session.contactToken(),
                    true);
        }
        if (authorization != null) {
            ContactRef contact = authentication.require(authorization);
            NewSession resumed =
                    contacts.resumeSession(contact, websiteToken, visitor.name(), visitor.email(), requestId);
            String token = ContactAuthentication.bearerToken(authorization).orElseThrow();
            return answer(Response.ok(), resumed.contactId(), token, resumed.verified());
        }
        NewSession created = contacts.startSession(websiteToken, visitor.name(), visitor.email(), requestId);
        return answer(Response.status(Response.Status.CREATED), created.contactId(), created.contactToken(), false);
    }

    private static Response answer(Response.ResponseBuilder status, long contactId, String token, boolean verified) {
        return status.entity(Jsonp.objectBuilder()
                        .add("contactToken", token)
                        .add("contactId", contactId)
                        .add("verified", verified)
                        .build()
                        .toString())
                .type(MediaType.APPLICATION_JSON)
                .build();
    }
}
