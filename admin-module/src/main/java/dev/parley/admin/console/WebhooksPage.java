package dev.parley.admin.console;

import dev.parley.problem.entity.ProblemException;
import dev.parley.webhook.boundary.Webhooks;
import dev.parley.webhook.entity.DeliveryView;
import dev.parley.webhook.entity.WebhookEndpointView;
import dev.parley.webhook.entity.WebhookEventType;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The webhooks page ({@code webhooks.xhtml}), for admins: the endpoints (add, edit, enable again, delete after
 * a confirmation; a new one's signing secret shown once) and one chosen endpoint's deliveries, page by page,
 * each with a Redeliver button. {@link Webhooks} decides who may do any of it; an agent gets a note and no
 * forms, and a refusal is shown as the API would answer it, each invalid field under its input.
 */
@Named
@ViewScoped
public class WebhooksPage implements Serializable {

    static final int PAGE_SIZE = 20;
    private static final Set<String> FIELDS = Set.of("url", "events");

    @Inject
    Webhooks webhooks;

    @Inject
    ExternalContext external;

    private Boolean manager;
    private transient List<WebhookEndpointView> endpoints;
    private transient List<DeliveryView> deliveries;
    private boolean moreDeliveries;
    private Long endpointId;
    private int page;
    private Long editingId;
    private String url;
    private List<String> events = new ArrayList<>();
    private Long deletingId;
    private String createdSecret;
    private String createdUrl;

    public void save() {
        boolean editing = editingId != null;
        act(editing ? "Saved." : null, request -> {
            if (editing) {
                webhooks.update(editingId, url, events, null, me(), request);
            } else {
                WebhookEndpointView created = webhooks.create(url, events, me(), request);
                createdSecret = created.secret();
                createdUrl = created.url();
                ConsoleMessages.done("Added " + created.url() + ".", request);
            }
            cancel();
        });
    }

    public void edit(long id) {
        act(null, request -> {
            WebhookEndpointView endpoint = webhooks.find(id, me(), request);
            editingId = endpoint.id();
            url = endpoint.url();
            events = new ArrayList<>(endpoint.events());
            deletingId = null;
        });
    }

    public void cancel() {
        editingId = null;
        url = null;
        events = new ArrayList<>();
    }

    /** Enables a disabled endpoint again (its waiting deliveries go out, its failure count starts over), or disables it. */
    public void enable(long id, boolean enabled) {
        act(enabled ? "Enabled; its waiting deliveries go out again." : "Disabled; its deliveries wait.", request -> {
            WebhookEndpointView endpoint = webhooks.find(id, me(), request);
            webhooks.update(id, endpoint.url(), endpoint.events(), enabled, me(), request);
        });
    }

    public void askDelete(long id) {
        hideSecret();
        deletingId = id;
    }

    public void cancelDelete() {
        deletingId = null;
    }

    public void delete() {
        long id = deletingId == null ? -1 : deletingId;
        act("Deleted, with its deliveries.", request -> {
            webhooks.delete(id, me(), request);
            if (editingId != null && editingId == id) {
                cancel();
            }
            if (endpointId != null && endpointId == id) {
                endpointId = null;
            }
        });
        deletingId = null;
    }

    public void redeliver(long deliveryId) {
        long id = endpointId == null ? -1 : endpointId;
        act("Delivery " + deliveryId + " is sent again with the same webhook-id.", request -> {
            webhooks.redeliver(id, deliveryId, me(), request);
        });
    }

    public void refresh() {
        hideSecret();
        endpoints = null;
        deliveries = null;
    }

    public void nextPage() {
        page++;
        refresh();
    }

    public void previousPage() {
        page = Math.max(0, page - 1);
        refresh();
    }

    private void act(String summary, Action action) {
        hideSecret();
        String requestId = ConsoleMessages.newRequestId();
        try {
            action.run(requestId);
            if (summary != null) {
                ConsoleMessages.done(summary, requestId);
            }
        } catch (ProblemException problem) {
            ConsoleMessages.fieldErrors(problem, "editor", FIELDS);
        } catch (RuntimeException refused) {
            ConsoleMessages.refused(refused);
        }
        endpoints = null;
        deliveries = null;
    }

    private void hideSecret() {
        createdSecret = null;
        createdUrl = null;
    }

    private interface Action {
        void run(String requestId);
    }

    private String me() {
        return external.getUserPrincipal().getName();
    }

    /** Whether the service lets the logged-in agent manage webhooks; nothing else is asked of it otherwise. */
    public boolean isManager() {
        if (manager == null) {
            manager = webhooks.mayManage(me());
        }
        return manager;
    }

    public List<WebhookEndpointView> getEndpoints() {
        if (endpoints == null) {
            endpoints = List.of();
            if (isManager()) {
                try {
                    endpoints = webhooks.list(me(), ConsoleMessages.newRequestId());
                } catch (RuntimeException refused) {
                    ConsoleMessages.refused(refused);
                }
            }
        }
        return endpoints;
    }

    /** The chosen endpoint (the {@code endpoint} parameter), if it is still there. */
    public WebhookEndpointView getChosen() {
        return endpointId == null
                ? null
                : getEndpoints().stream()
                        .filter(e -> e.id() == endpointId)
                        .findFirst()
                        .orElse(null);
    }

    /** The chosen endpoint's deliveries on this page, newest first (one more is read to know if a next page exists). */
    public List<DeliveryView> getDeliveries() {
        if (deliveries == null) {
            deliveries = List.of();
            moreDeliveries = false;
            if (getChosen() != null) {
                try {
                    List<DeliveryView> read =
                            webhooks.deliveries(endpointId, page, PAGE_SIZE + 1, me(), ConsoleMessages.newRequestId());
                    moreDeliveries = read.size() > PAGE_SIZE;
                    deliveries = moreDeliveries ? read.subList(0, PAGE_SIZE) : read;
                } catch (RuntimeException refused) {
                    ConsoleMessages.refused(refused);
                }
            }
        }
        return deliveries;
    }

    public boolean isMoreDeliveries() {
        getDeliveries();
        return moreDeliveries;
    }

    public WebhookEndpointView getDeleting() {
        return deletingId == null
                ? null
                : getEndpoints().stream()
                        .filter(e -> e.id() == deletingId)
                        .findFirst()
                        .orElse(null);
    }

    /** Every event an endpoint can subscribe to, by wire name. */
    public List<String> getEventTypes() {
        return Arrays.stream(WebhookEventType.values())
                .map(WebhookEventType::wireName)
                .toList();
    }

    public Long getEndpointId() {
        return endpointId;
    }

    public void setEndpointId(Long endpointId) {
        this.endpointId = endpointId;
    }

    public int getPage() {
        return page;
    }

    public void setPage(int page) {
        this.page = Math.max(0, page);
    }

    public Long getEditingId() {
        return editingId;
    }

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public List<String> getEvents() {
        return events;
    }

    public void setEvents(List<String> events) {
        this.events = events == null ? new ArrayList<>() : new ArrayList<>(events);
    }

    public String getCreatedSecret() {
        return createdSecret;
    }

    public String getCreatedUrl() {
        return createdUrl;
    }
}
