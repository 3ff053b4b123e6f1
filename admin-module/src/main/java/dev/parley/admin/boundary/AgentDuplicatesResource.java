package dev.parley.admin.boundary;

import dev.parley.audit.control.AuditLog;
import dev.parley.conversation.control.ConversationJson;
import dev.parley.merge.boundary.ConversationMerger;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The admin's button for the duplicate scan that otherwise runs every 30 minutes. */
@Path("v1/duplicates")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Duplicates", description = "Find and merge duplicate conversations.")
public class AgentDuplicatesResource {

    @Inject
    ConversationMerger merger;

    @Inject
    AuditLog audit;

    @Context
    SecurityContext security;

    @POST
    @Path("scan")
    @Operation(
            summary = "Scan for duplicate open conversations now",
            description = "Contacts of an inbox sharing an "
                    + "email with two or more open conversations, counted as suggestions (never merged: an email is "
                    + "no proof of identity; contactsMerged stays 0).")
    @APIResponse(responseCode = "200", description = "{groups, contactsMerged, suggested, failed}.")
    @APIResponse(responseCode = "401", description = "Not logged in.")
    @APIResponse(responseCode = "403", description = "Not an admin.")
    public String scan(@HeaderParam("X-Request-ID") String requestId) {
        String request = ApiInput.requestId(requestId);
        AdminOnly.require(security, audit, "duplicates.scan", request, null);
        return ConversationJson.write(
                merger.scan("agent:" + security.getUserPrincipal().getName(), request));
    }
}
