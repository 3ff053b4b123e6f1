package dev.parley.inbox.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import java.time.Instant;
import java.util.Arrays;

/** A website channel: the widget identifies its inbox by the public website token. */
@Entity
@NamedQuery(name = Inbox.FIND_BY_WEBSITE_TOKEN, query = "select i from Inbox i where i.websiteToken = :token")
@NamedQuery(name = Inbox.FIND_ALL, query = "select i from Inbox i order by i.id")
public class Inbox {

    public static final String FIND_BY_WEBSITE_TOKEN = "Inbox.findByWebsiteToken";
    public static final String FIND_ALL = "Inbox.findAll";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private String name;

    @Column(name = "website_token")
    private String websiteToken;

    @Column(name = "allowed_origins")
    private String allowedOrigins = "*";

    @Enumerated(EnumType.STRING)
    @Column(name = "auto_merge_policy")
    private AutoMergePolicy autoMergePolicy = AutoMergePolicy.SUGGEST;

    @Column(name = "created_at")
    private Instant createdAt;

    @Column(name = "identity_secret")
    private String identitySecret;

    @Enumerated(EnumType.STRING)
    @Column(name = "identity_mode")
    private IdentityMode identityMode = IdentityMode.OFF;

    @Column(name = "auto_assign")
    private boolean autoAssign;

    @Column(name = "message_retention_days")
    private Integer messageRetentionDays;

    @Column(name = "audit_retention_days")
    private Integer auditRetentionDays;

    @Column(name = "visitor_erasure_requests")
    private boolean visitorErasureRequests;

    protected Inbox() {}

    public Inbox(String name, String websiteToken, Instant createdAt) {
        this.name = name;
        this.websiteToken = websiteToken;
        this.createdAt = createdAt;
    }

    /** An origin is allowed when the list holds {@code *} or the exact origin (scheme://host[:port]). */
    public boolean allowsOrigin(String origin) {
        return Arrays.stream(allowedOrigins.split("[,\\s]+"))
                .anyMatch(allowed -> allowed.equals("*") || allowed.equalsIgnoreCase(origin));
    }

    public Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public String getWebsiteToken() {
        return websiteToken;
    }

    public void changeWebsiteToken(String websiteToken) {
        this.websiteToken = websiteToken;
    }

    public String getAllowedOrigins() {
        return allowedOrigins;
    }

    public AutoMergePolicy getAutoMergePolicy() {
        return autoMergePolicy;
    }

    public void changeAutoMergePolicy(AutoMergePolicy autoMergePolicy) {
        this.autoMergePolicy = autoMergePolicy;
    }

    /** The secret websites sign identifiers with; null until one is configured or generated. Never logged. */
    public String getIdentitySecret() {
        return identitySecret;
    }

    public boolean hasIdentitySecret() {
        return identitySecret != null && !identitySecret.isEmpty();
    }

    public IdentityMode getIdentityMode() {
        return identityMode;
    }

    /** A new secret: hashes made with the old one are refused from now on. */
    public void changeIdentitySecret(String identitySecret) {
        this.identitySecret = identitySecret;
    }

    public void changeIdentityMode(IdentityMode identityMode) {
        this.identityMode = identityMode;
    }

    /** Whether new conversations are assigned round robin to the agents who are online. */
    public boolean isAutoAssign() {
        return autoAssign;
    }

    public void changeAutoAssign(boolean autoAssign) {
        this.autoAssign = autoAssign;
    }

    /** Comma-separated origins or {@code *}; {@code InboxSettings} checks them before they get here. */
    public void changeAllowedOrigins(String allowedOrigins) {
        this.allowedOrigins = allowedOrigins;
    }

    /** Days a resolved conversation keeps its message texts; null keeps them forever. */
    public Integer getMessageRetentionDays() {
        return messageRetentionDays;
    }

    /** Days audit entries about the inbox's contacts are kept; null keeps them forever. */
    public Integer getAuditRetentionDays() {
        return auditRetentionDays;
    }

    /** Whether the widget may file its visitor's own erasure request. */
    public boolean isVisitorErasureRequests() {
        return visitorErasureRequests;
    }

    /** {@code RetentionSettings.violations} checks the values before they get here (the table checks them too). */
    public void changeRetention(RetentionSettings settings) {
        this.messageRetentionDays = settings.messageRetentionDays();
        this.auditRetentionDays = settings.auditRetentionDays();
        this.visitorErasureRequests = settings.visitorErasureRequests();
    }
}
