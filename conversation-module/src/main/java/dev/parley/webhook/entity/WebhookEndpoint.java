package dev.parley.webhook.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Where an admin wants events posted. {@code events} is stored as {@code ,a,b,} so one type is found with a
 * LIKE; the secret signs every delivery and is shown once, in the answer that created the endpoint.
 */
@Entity
@Table(name = "webhook_endpoint")
@NamedQuery(name = WebhookEndpoint.FIND_ALL, query = "select e from WebhookEndpoint e order by e.id")
@NamedQuery(name = WebhookEndpoint.FIND_ENABLED, query = "select e from WebhookEndpoint e where e.enabled = true")
public class WebhookEndpoint {

    public static final String FIND_ALL = "WebhookEndpoint.findAll";
    public static final String FIND_ENABLED = "WebhookEndpoint.findEnabled";
    /** The longest disabled reason stored. */
    private static final int REASON_LIMIT = 500;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private String url;

    private String events;

    private String secret;

    private boolean enabled;

    @Column(name = "disabled_reason")
    private String disabledReason;

    @Column(name = "consecutive_failures")
    private int consecutiveFailures;

    @Column(name = "created_at")
    private Instant createdAt;

    @Column(name = "created_by")
    private String createdBy;

    @Column(name = "updated_at")
    private Instant updatedAt;

    @Column(name = "updated_by")
    private String updatedBy;

    protected WebhookEndpoint() {}

    public WebhookEndpoint(String url, List<WebhookEventType> events, String secret, String agent, Instant now) {
        this.url = url;
        this.events = encode(events);
        this.secret = secret;
        this.enabled = true;
        this.createdAt = now;
        this.createdBy = agent;
        this.updatedAt = now;
        this.updatedBy = agent;
    }

    /** New url and events; {@code enable} true re-enables a disabled endpoint, false disables it, null keeps it. */
    public void change(String url, List<WebhookEventType> events, Boolean enable, String agent, Instant now) {
        this.url = url;
        this.events = encode(events);
        if (Boolean.TRUE.equals(enable) && !enabled) {
            enabled = true;
            disabledReason = null;
            consecutiveFailures = 0;
        } else if (Boolean.FALSE.equals(enable) && enabled) {
            enabled = false;
            disabledReason = "disabled by " + agent;
        }
        this.updatedAt = now;
        this.updatedBy = agent;
    }

    /** Counts one more delivery given up; true when this one reached {@code limit} and disabled the endpoint. */
    public boolean failedOnce(int limit, Instant now) {
        consecutiveFailures++;
        if (enabled && consecutiveFailures >= limit) {
            enabled = false;
            String reason = consecutiveFailures + " deliveries in a row failed after every retry";
            disabledReason = reason.length() > REASON_LIMIT ? reason.substring(0, REASON_LIMIT) : reason;
            updatedAt = now;
            updatedBy = "system";
            return true;
        }
        return false;
    }

    public void delivered() {
        consecutiveFailures = 0;
    }

    public boolean subscribes(WebhookEventType type) {
        return events.contains("," + type.wireName() + ",");
    }

    public List<WebhookEventType> eventTypes() {
        return Arrays.stream(events.split(","))
                .filter(name -> !name.isEmpty())
                .map(name -> WebhookEventType.of(name).orElseThrow())
                .toList();
    }

    private static String encode(List<WebhookEventType> events) {
        StringBuilder encoded = new StringBuilder(",");
        events.forEach(type -> encoded.append(type.wireName()).append(','));
        return encoded.toString();
    }

    public WebhookEndpointView view() {
        return new WebhookEndpointView(
                id,
                url,
                eventTypes().stream().map(WebhookEventType::wireName).toList(),
                null,
                enabled,
                disabledReason,
                consecutiveFailures,
                createdAt,
                createdBy,
                updatedAt,
                updatedBy);
    }

    /** As {@link #view}, with the secret: the creation's answer only. */
    public WebhookEndpointView viewWithSecret() {
        WebhookEndpointView view = view();
        return new WebhookEndpointView(
                view.id(),
                view.url(),
                view.events(),
                secret,
                view.enabled(),
                view.disabledReason(),
                view.consecutiveFailures(),
                view.createdAt(),
                view.createdBy(),
                view.updatedAt(),
                view.updatedBy());
    }

    public Long getId() {
        return id;
    }

    public String getUrl() {
        return url;
    }

    public String getSecret() {
        return secret;
    }

    public boolean isEnabled() {
        return enabled;
    }

    public int getConsecutiveFailures() {
        return consecutiveFailures;
    }
}
