package dev.parley.admin.boundary;

import dev.parley.agent.entity.Role;
import dev.parley.audit.control.AuditLog;
import dev.parley.inbox.boundary.InboxSettings;
import dev.parley.inbox.boundary.Inboxes;
import dev.parley.inbox.entity.IdentityMode;
import dev.parley.problem.entity.ProblemException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.Arrays;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * An inbox's identity verification over the API: every agent reads the mode, admins switch it and
 * rotate the secret ({@link InboxSettings} checks the role too, and audits without the secret). The
 * inbox is the default one unless {@code inboxId} names another.
 */
@Path("v1/inbox/identity")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Inbox", description = "Identity verification of visitors (HMAC-SHA256 of the website's user id).")
@APIResponse(responseCode = "401", description = "Not logged in, as application/problem+json.")
public class AgentInboxResource {

    @Inject
    InboxSettings settings;

    @Inject
    Inboxes inboxes;

    @Inject
    AuditLog audit;

    @Context
    SecurityContext security;

    @GET
    @Operation(summary = "Identity verification of an inbox", description = "The mode and whether a secret is set.")
    @APIResponse(responseCode = "200", description = "{inboxId, mode: OFF|OPTIONAL|REQUIRED, hasSecret}.")
    @APIResponse(responseCode = "400", description = "inboxId is not a positive integer.")
    @APIResponse(responseCode = "404", description = "No such inbox.")
    public Response get(@Parameter(description = "default: the default inbox") @QueryParam("inboxId") String inboxId) {
        return AgentsResource.json(Response.Status.OK, settings.identitySettings(inbox(inboxId)));
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Switch identity verification (admins)",
            description = "Body {\"mode\":\"OFF|OPTIONAL|REQUIRED\"}. OPTIONAL: verified identities are used, anonymous"
                    + " visitors still chat, an identifier that cannot be verified is refused. REQUIRED: only verified"
                    + " visitors chat. OPTIONAL and REQUIRED need a secret (rotate to make one).")
    @APIResponse(responseCode = "200", description = "{inboxId, mode, hasSecret} after the change.")
    @APIResponse(responseCode = "400", description = "The mode is missing or unknown, or there is no secret yet.")
    @APIResponse(responseCode = "403", description = "Not an admin.")
    @APIResponse(responseCode = "404", description = "No such inbox.")
    public Response change(
            @QueryParam("inboxId") String inboxId, @HeaderParam("X-Request-ID") String requestId, byte[] body) {
        long inbox = inbox(inboxId);
        String request = ApiInput.requestId(requestId);
        IdentityMode mode = mode(ApiInput.string(ApiInput.object(body), "mode"));
        AdminOnly.require(security, audit, "inbox.identity-mode", request, null);
        return AgentsResource.json(
                Response.Status.OK, settings.changeIdentityMode(inbox, mode, caller(), role(), request));
    }

    @POST
    @Path("rotate")
    @Operation(
            summary = "A new identity secret (admins)",
            description = "Hashes made with the old secret are refused from now on: switch the website's server to"
                    + " the new one at once. Audited, without the secret.")
    @APIResponse(responseCode = "200", description = "{inboxId, secret}; the secret is in this answer only.")
    @APIResponse(responseCode = "403", description = "Not an admin.")
    @APIResponse(responseCode = "404", description = "No such inbox.")
    public Response rotate(@QueryParam("inboxId") String inboxId, @HeaderParam("X-Request-ID") String requestId) {
        long inbox = inbox(inboxId);
        String request = ApiInput.requestId(requestId);
        AdminOnly.require(security, audit, "inbox.identity-secret", request, null);
        String secret = settings.rotateIdentitySecret(inbox, caller(), role(), request);
        return Response.ok(Json.createObjectBuilder()
                        .add("inboxId", inbox)
                        .add("secret", secret)
                        .build()
                        .toString())
                .type(MediaType.APPLICATION_JSON)
                .header("Cache-Control", "no-store")
                .build();
    }

    private long inbox(String inboxId) {
        Long id = ApiInput.optionalId("inboxId", inboxId);
        if (id != null) {
            return id;
        }
        return inboxes.defaultInbox().getId();
    }

    private static IdentityMode mode(String value) {
        return Arrays.stream(IdentityMode.values())
                .filter(mode -> mode.name().equalsIgnoreCase(value))
                .findFirst()
                .orElseThrow(() -> ProblemException.invalid("mode", "must be one of OFF, OPTIONAL, REQUIRED"));
    }

    private String caller() {
        return "agent:" + security.getUserPrincipal().getName();
    }

    private Role role() {
        return security.isUserInRole("ADMIN") ? Role.ADMIN : Role.AGENT;
    }
}
