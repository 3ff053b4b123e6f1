package dev.parley.webhook.boundary;

import dev.parley.agent.boundary.Agents;
import dev.parley.agent.entity.Role;
import dev.parley.audit.control.AuditLog;
import dev.parley.audit.entity.AuditEntry;
import dev.parley.problem.entity.FieldError;
import dev.parley.problem.entity.ProblemException;
import dev.parley.schema.control.Database;
import dev.parley.webhook.control.WebhookTargets;
import dev.parley.webhook.entity.DeliveryStatus;
import dev.parley.webhook.entity.DeliveryView;
import dev.parley.webhook.entity.EndpointInput;
import dev.parley.webhook.entity.WebhookDelivery;
import dev.parley.webhook.entity.WebhookEndpoint;
import dev.parley.webhook.entity.WebhookEndpointView;
import dev.parley.webhook.entity.WebhookEndpointsChanged;
import dev.parley.webhook.entity.WebhookEvent;
import dev.parley.webhook.entity.WebhookEventType;
import dev.parley.webhook.entity.WebhookSignature;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Webhook endpoints and their deliveries, for the agent API and the console alike: only an admin lists,
 * registers, changes, deletes them, reads deliveries and redelivers, checked here against the caller's account;
 * every change is audited in its transaction (a refusal in one of its own). A new endpoint gets a signing
 * secret that is shown in the creation's answer only. Targets are checked by {@link WebhookTargets}.
 */
@Stateless
public class Webhooks {

    /** More endpoints than any installation needs; the list never grows without bound. */
    public static final int ENDPOINT_LIMIT = 100;

    public static final int PAGE_SIZE_LIMIT = 200;

    @PersistenceContext
    EntityManager em;

    @Inject
    Agents agents;

    @Inject
    AuditLog audit;

    @Inject
    WebhookTargets targets;

    @Inject
    Event<WebhookEndpointsChanged> changed;

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<WebhookEndpointView> list(String agent, String requestId) {
        requireAdmin(agent, "webhook.list", requestId);
        return em.createNamedQuery(WebhookEndpoint.FIND_ALL, WebhookEndpoint.class)
                .setMaxResults(ENDPOINT_LIMIT)
                .getResultStream()
                .map(WebhookEndpoint::view)
                .toList();
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public WebhookEndpointView find(long id, String agent, String requestId) {
        requireAdmin(agent, "webhook.read", requestId);
        return existing(id).view();
    }

    /** Registers an endpoint; its answer alone holds the signing secret. */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public WebhookEndpointView create(String url, List<String> events, String agent, String requestId) {
        requireAdmin(agent, "webhook.create", requestId);
        EndpointInput input = checked(url, events);
        long count = em.createQuery("select count(e) from WebhookEndpoint e", Long.class)
                .getSingleResult();
        if (count >= ENDPOINT_LIMIT) {
            throw ProblemException.conflict(
                    "too-many-webhooks", "There are " + ENDPOINT_LIMIT + " webhook endpoints already.");
        }
        WebhookEndpoint endpoint =
                new WebhookEndpoint(input.url(), input.types(), WebhookSignature.newSecret(), agent, Database.now());
        em.persist(endpoint);
        audit.record(entry("webhook.create", "created", agent, requestId, describe(endpoint)));
        changed.fire(new WebhookEndpointsChanged());
        return endpoint.viewWithSecret();
    }

    /**
     * New url and events; {@code enabled} true re-enables an endpoint (its waiting deliveries go out again and
     * its failure count starts over), false disables it, null leaves it as it is.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public WebhookEndpointView update(
            long id, String url, List<String> events, Boolean enabled, String agent, String requestId) {
        requireAdmin(agent, "webhook.update", requestId);
        EndpointInput input = checked(url, events);
        WebhookEndpoint endpoint = em.find(WebhookEndpoint.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (endpoint == null) {
            throw notFound(id);
        }
        String before = describe(endpoint);
        endpoint.change(input.url(), input.types(), enabled, agent, Database.now());
        audit.record(entry("webhook.update", "changed", agent, requestId, before + " -> " + describe(endpoint)));
        changed.fire(new WebhookEndpointsChanged());
        return endpoint.view();
    }

    /** Deletes the endpoint and its deliveries (the events stay for the other endpoints). */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public void delete(long id, String agent, String requestId) {
        requireAdmin(agent, "webhook.delete", requestId);
        WebhookEndpoint endpoint = em.find(WebhookEndpoint.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (endpoint == null) {
            throw notFound(id);
        }
        em.createNamedQuery(WebhookDelivery.DELETE_BY_ENDPOINT)
                .setParameter("endpointId", id)
                .executeUpdate();
        em.remove(endpoint);
        audit.record(entry("webhook.delete", "deleted", agent, requestId, describe(endpoint)));
        changed.fire(new WebhookEndpointsChanged());
    }

    /** The endpoint's deliveries, newest first; {@code page} from 0. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<DeliveryView> deliveries(long id, int page, int size, String agent, String requestId) {
        requireAdmin(agent, "webhook.deliveries", requestId);
        existing(id);
        List<WebhookDelivery> deliveries = em.createNamedQuery(WebhookDelivery.FIND_BY_ENDPOINT, WebhookDelivery.class)
                .setParameter("endpointId", id)
                .setFirstResult(page * size)
                .setMaxResults(size)
                .getResultList();
        return deliveries.stream()
                .map(delivery -> delivery.view(em.find(WebhookEvent.class, delivery.getEventId())))
                .toList();
    }

    /**
     * Sends a delivery again with the same event id (receivers deduplicate by it): PENDING now, with a fresh
     * retry span. One being posted right now is a 409.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public DeliveryView redeliver(long id, long deliveryId, String agent, String requestId) {
        requireAdmin(agent, "webhook.redeliver", requestId);
        existing(id);
        WebhookDelivery delivery = em.find(WebhookDelivery.class, deliveryId, LockModeType.PESSIMISTIC_WRITE);
        if (delivery == null || delivery.getEndpointId() != id) {
            throw ProblemException.notFound("Webhook endpoint " + id + " has no delivery " + deliveryId + ".");
        }
        if (delivery.getStatus() == DeliveryStatus.DELIVERING) {
            throw ProblemException.conflict(
                    "delivery-in-progress", "Delivery " + deliveryId + " is being posted right now.");
        }
        WebhookEvent event = em.find(WebhookEvent.class, delivery.getEventId());
        delivery.redeliver(Database.now());
        audit.record(entry(
                "webhook.redeliver",
                "pending",
                agent,
                requestId,
                "endpoint " + id + ", delivery " + deliveryId + " of " + event.getEventId() + " (" + event.getType()
                        + ")"));
        return delivery.view(event);
    }

    /** Whether this agent may manage webhooks: what the console asks before it offers the page. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public boolean mayManage(String agent) {
        return Role.ADMIN.name().equals(agents.me(agent).role());
    }

    /**
     * How many endpoints the delivery worker disabled because their deliveries kept failing (an admin's own
     * disable does not count): the console's alert for admins; 0 for anyone else. One count query.
     */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public long disabledByFailures(String agent) {
        if (!mayManage(agent)) {
            return 0;
        }
        return em.createQuery(
                        "select count(e) from WebhookEndpoint e where e.enabled = false and e.updatedBy = :system",
                        Long.class)
                .setParameter("system", "system")
                .getSingleResult();
    }

    private EndpointInput checked(String url, List<String> events) {
        EndpointInput input = new EndpointInput(url, events);
        List<FieldError> errors = input.violations();
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        targets.checkRegistrable(url);
        return input;
    }

    private void requireAdmin(String agent, String action, String requestId) {
        if (!mayManage(agent)) {
            audit.recordAlone(
                    new AuditEntry(action, "forbidden", "agent:" + agent, requestId, null, null, "needs role ADMIN"));
            throw new ProblemException(403, "forbidden", "Forbidden", "Only an admin may do this.");
        }
    }

    private static AuditEntry entry(String action, String outcome, String agent, String requestId, String detail) {
        return new AuditEntry(action, outcome, "agent:" + agent, requestId, null, null, detail);
    }

    /** The endpoint for the audit log: never its secret. */
    private static String describe(WebhookEndpoint endpoint) {
        return "endpoint " + endpoint.getId() + " " + endpoint.getUrl() + " ["
                + endpoint.eventTypes().stream().map(WebhookEventType::wireName).collect(Collectors.joining(","))
                + "]" + (endpoint.isEnabled() ? "" : " disabled");
    }

    private WebhookEndpoint existing(long id) {
        WebhookEndpoint endpoint = em.find(WebhookEndpoint.class, id);
        if (endpoint == null) {
            throw notFound(id);
        }
        return endpoint;
    }

    private static ProblemException notFound(long id) {
        return ProblemException.notFound("No webhook endpoint " + id + ".");
    }
}
