package dev.parley.widget.boundary;

import dev.parley.contact.boundary.Contacts;
import dev.parley.contact.entity.ContactRef;
import dev.parley.contact.entity.VisitorContext;
import dev.parley.conversation.control.ConversationJson;
import dev.parley.limit.boundary.RateLimits;
import dev.parley.limit.entity.VisitorLimit;
import dev.parley.problem.boundary.JsonBody;
import dev.parley.problem.entity.FieldError;
import dev.parley.problem.entity.ProblemException;
import dev.parley.problem.entity.StorageBusy;
import dev.parley.problem.entity.StorageTimedOut;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.faulttolerance.Retry;

/**
 * {@code PUT /v1/context}: the widget reports where its visitor is ({@code {"url", "title"?, "language"?,
 * "timeZone"?}}; the browser is the request's User-Agent). It replaces the context of the token's own
 * contact, the only one a visitor can name; the same context again writes nothing. Answers the stored
 * context. Application-scoped and stateless, like the other visitor resources.
 */
@Path("v1/context")
@ApplicationScoped
public class VisitorContextResource {

    private static final Set<String> FIELDS = Set.of("url", "title", "language", "timeZone");

    @Inject
    Contacts contacts;

    @Inject
    ContactAuthentication authentication;

    @Inject
    RateLimits limits;

    /** Retried because a busy database wrote nothing and reporting the same context twice changes nothing. */
    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Retry(retryOn = StorageBusy.class, abortOn = StorageTimedOut.class, maxRetries = 2, delay = 200, jitter = 100)
    public String report(
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(HttpHeaders.USER_AGENT) String userAgent,
            byte[] body) {
        ContactRef contact = authentication.require(authorization);
        limits.check(Map.of(VisitorLimit.CONTEXT_PER_CONTACT, String.valueOf(contact.contactId())));
        List<FieldError> errors = new ArrayList<>();
        JsonBody json = JsonBody.parse(body);
        json.object().keySet().stream()
                .filter(field -> !FIELDS.contains(field))
                .sorted()
                .limit(5)
                .forEach(field -> errors.add(new FieldError(
                        field.length() > 40 ? field.substring(0, 40) + "…" : field, "is not a context field")));
        VisitorContext context = new VisitorContext(
                json.string("url", errors),
                json.string("title", errors),
                json.string("language", errors),
                json.string("timeZone", errors),
                userAgent);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return ConversationJson.write(contacts.reportContext(contact, context));
    }
}
