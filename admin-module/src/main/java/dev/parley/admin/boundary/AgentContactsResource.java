package dev.parley.admin.boundary;

import dev.parley.agent.entity.Role;
import dev.parley.audit.control.AuditLog;
import dev.parley.contact.boundary.Contacts;
import dev.parley.conversation.control.ConversationJson;
import dev.parley.privacy.boundary.Erasures;
import dev.parley.problem.boundary.Ids;
import dev.parley.problem.entity.ProblemException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * A contact's context (where its visitor is), its devices (its contact tokens) and their revocation,
 * e.g. for a stolen laptop. Every agent may read them; revoking is for admins ({@link Contacts} checks the role too, and audits), and
 * a revoked device's open widget sockets close with 1008 on every node. Admins also export everything Parley holds
 * about a contact and erase its personal data ({@link Erasures} checks the role too, and audits without the data).
 */
@Path("v1/contacts")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Contacts", description = "Visitors' context, devices (contact tokens) and their revocation.")
@APIResponse(responseCode = "401", description = "Not logged in, as application/problem+json.")
public class AgentContactsResource {

    @Inject
    Contacts contacts;

    @Inject
    Erasures erasures;

    @Inject
    AuditLog audit;

    @Context
    SecurityContext security;

    @GET
    @Path("{id}/devices")
    @Operation(
            summary = "A contact's devices",
            description = "Its own tokens and those of the anonymous contacts merged into it, oldest first.")
    @APIResponse(
            responseCode = "200",
            description =
                    "[{tokenId, contactId, createdAt, lastUsedAt, revokedAt}]; lastUsedAt and revokedAt are left out while unset.")
    @APIResponse(responseCode = "404", description = "No such contact.")
    public Response devices(@PathParam("id") String id) {
        return AgentsResource.json(Response.Status.OK, contacts.devices(contact(id)));
    }

    @GET
    @Path("{id}/context")
    @Operation(
            summary = "Where a contact's visitor is",
            description = "The page (URL without fragment, title), language, time zone and browser their widget last"
                    + " reported, and when; conversations carry it too, as contact.context.")
    @APIResponse(
            responseCode = "200",
            description = "{url, title, language, timeZone, browser, updatedAt}; unknown fields are left out.")
    @APIResponse(responseCode = "204", description = "The visitor's widget never reported a context.")
    @APIResponse(responseCode = "404", description = "No such contact.")
    public Response context(@PathParam("id") String id) {
        return contacts.context(contact(id))
                .map(context -> AgentsResource.json(Response.Status.OK, context))
                .orElseGet(() -> Response.noContent().build());
    }

    @POST
    @Path("{id}/devices/revoke")
    @Operation(
            summary = "Revoke every device of a contact (admins)",
            description = "Each token stops working at once and its open sockets close with 1008; audited.")
    @APIResponse(responseCode = "200", description = "The contact's devices after the revocation.")
    @APIResponse(responseCode = "403", description = "Not an admin.")
    @APIResponse(responseCode = "404", description = "No such contact.")
    public Response revokeAll(@PathParam("id") String id, @HeaderParam("X-Request-ID") String requestId) {
        long contactId = contact(id);
        String request = ApiInput.requestId(requestId);
        AdminOnly.require(security, audit, "contact.tokens", request, null);
        return AgentsResource.json(Response.Status.OK, contacts.revokeAll(contactId, caller(), role(), request));
    }

    @DELETE
    @Path("{id}/devices/{tokenId}")
    @Operation(
            summary = "Revoke one device of a contact (admins)",
            description = "The token stops working at once and its open sockets close with 1008; audited.")
    @APIResponse(responseCode = "204", description = "Revoked (or it already was).")
    @APIResponse(responseCode = "403", description = "Not an admin.")
    @APIResponse(responseCode = "404", description = "No such contact, or no such device of it.")
    public Response revoke(
            @PathParam("id") String id,
            @PathParam("tokenId") String tokenId,
            @HeaderParam("X-Request-ID") String requestId) {
        long contactId = contact(id);
        long token = Ids.parse(tokenId).orElseThrow(() -> ProblemException.notFound("No such device."));
        String request = ApiInput.requestId(requestId);
        AdminOnly.require(security, audit, "contact.tokens", request, null);
        contacts.revoke(contactId, token, caller(), role(), request);
        return Response.noContent().build();
    }

    @GET
    @Path("{id}/export")
    @Operation(
            summary = "Everything Parley holds about a contact (admins)",
            description = "The contact and the anonymous contacts merged into it, its devices (without tokens), its"
                    + " conversations with the messages written in them (wherever merges moved them), the merges of its"
                    + " conversations, the audit entries about it or them, and its erasure requests. Audited.")
    @APIResponse(
            responseCode = "200",
            description = "{exportedAt, contact, mergedContacts, devices, conversations, merges,"
                    + " auditEntries, erasureRequests}.")
    @APIResponse(responseCode = "403", description = "Not an admin.")
    @APIResponse(responseCode = "404", description = "No such contact.")
    public Response export(@PathParam("id") String id, @HeaderParam("X-Request-ID") String requestId) {
        long contactId = contact(id);
        String request = ApiInput.requestId(requestId);
        AdminOnly.require(security, audit, "contact.export", request, null);
        return Response.ok(ConversationJson.write(erasures.export(contactId, caller(), role(), request)))
                .type(MediaType.APPLICATION_JSON)
                .header("Content-Disposition", "attachment; filename=\"contact-" + contactId + ".json\"")
                .build();
    }

    @DELETE
    @Path("{id}")
    @Operation(
            summary = "Erase a contact's personal data (admins)",
            description = "Name, email, identifier, context, the texts of every message in its conversations, its"
                    + " devices (revoked, sockets closed with 1008), its idempotency records and its data in audit"
                    + " details; ids, counts, times, statuses and merge records stay. Again: nothing more changes."
                    + " Audited without the data.")
    @APIResponse(
            responseCode = "200",
            description = "{contactId, contactIds, erasedAt, conversations, messagesRemoved, devicesRevoked,"
                    + " idempotencyRecordsDeleted, auditDetailsScrubbed, requestsConfirmed}.")
    @APIResponse(responseCode = "403", description = "Not an admin.")
    @APIResponse(responseCode = "404", description = "No such contact.")
    @APIResponse(
            responseCode = "409",
            description = "The contact was merged into another, which holds its data: erase that one.")
    public Response erase(@PathParam("id") String id, @HeaderParam("X-Request-ID") String requestId) {
        long contactId = contact(id);
        String request = ApiInput.requestId(requestId);
        AdminOnly.require(security, audit, "contact.erase", request, null);
        return AgentsResource.json(Response.Status.OK, erasures.erase(contactId, caller(), role(), request));
    }

    private static long contact(String id) {
        return Ids.parse(id).orElseThrow(() -> ProblemException.notFound("No such contact."));
    }

    private String caller() {
        return "agent:" + security.getUserPrincipal().getName();
    }

    private Role role() {
        return security.isUserInRole("ADMIN") ? Role.ADMIN : Role.AGENT;
    }
}
