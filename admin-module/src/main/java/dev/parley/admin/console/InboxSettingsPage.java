package dev.parley.admin.console;

import dev.parley.agent.entity.Role;
import dev.parley.inbox.boundary.InboxSettings;
import dev.parley.inbox.boundary.Inboxes;
import dev.parley.inbox.entity.AutoMergePolicy;
import dev.parley.inbox.entity.IdentityMode;
import dev.parley.inbox.entity.IdentitySettings;
import dev.parley.inbox.entity.Inbox;
import dev.parley.inbox.entity.RetentionSettings;
import dev.parley.privacy.boundary.ErasureRequests;
import dev.parley.privacy.entity.ErasureRequestStatus;
import dev.parley.privacy.entity.ErasureRequestView;
import jakarta.annotation.PostConstruct;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;
import java.io.Serializable;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Inbox settings ({@code inbox.xhtml}, admins only): the website token and the snippet to embed,
 * the auto-merge policy and the origins allowed to embed the widget. The snippet points at
 * {@code parley.public-url} when it is set, else at the address this page was asked for.
 *
 * <p>Identity verification: the mode, whether a secret is set, the secret on request (only in the
 * answer to that click, never otherwise) and its rotation after a confirmation. {@link InboxSettings}
 * checks the admin role again and audits each of them without the secret.
 *
 * <p>Retention (admins): how many days resolved conversations keep their message texts and audit entries are
 * kept (empty: forever), whether the widget may file erasure requests, and the pending requests to confirm
 * (after a confirmation: the visitor's data is erased) or reject. The services check the role again and audit.
 */
@Named
@ViewScoped
public class InboxSettingsPage implements Serializable {

    @Inject
    Inboxes inboxes;

    @Inject
    InboxSettings settings;

    @Inject
    ErasureRequests erasureRequests;

    @Inject
    ExternalContext external;

    private Long inboxId;
    private AutoMergePolicy policy;
    private String allowedOrigins;
    private String websiteToken;
    private IdentityMode identityMode;
    private transient IdentitySettings identity;
    private transient String revealedSecret;
    private boolean confirmingRotation;
    private Integer messageRetentionDays;
    private Integer auditRetentionDays;
    private boolean visitorErasureRequests;
    /** The erasure request an admin is asked to confirm. */
    private Long confirmingRequest;

    @PostConstruct
    void init() {
        show(inboxes.all().get(0));
    }

    public void select() {
        inboxes.all().stream()
                .filter(inbox -> inbox.getId().equals(inboxId))
                .findFirst()
                .ifPresent(this::show);
    }

    public void save() {
        String requestId = ConsoleMessages.newRequestId();
        try {
            show(settings.update(
                    inboxId,
                    policy,
                    allowedOrigins,
                    "agent:" + external.getUserPrincipal().getName(),
                    requestId));
            ConsoleMessages.done("Saved.", requestId);
        } catch (RuntimeException refused) {
            ConsoleMessages.refused(refused);
        }
    }

    public void saveIdentityMode() {
        identityAction(request -> {
            identity = settings.changeIdentityMode(inboxId, identityMode, actor(), role(), request);
            return "Identity verification is now " + identity.mode().name().toLowerCase() + ".";
        });
    }

    public void revealSecret() {
        identityAction(request -> {
            revealedSecret = settings.revealIdentitySecret(inboxId, actor(), role(), request);
            return "Here is the identity secret; it is shown only in this answer.";
        });
    }

    public void askRotation() {
        revealedSecret = null;
        confirmingRotation = true;
    }

    public void cancelRotation() {
        confirmingRotation = false;
    }

    public void rotateSecret() {
        identityAction(request -> {
            revealedSecret = settings.rotateIdentitySecret(inboxId, actor(), role(), request);
            return "New identity secret: put it in your website's server now; hashes of the old one are refused.";
        });
    }

    private void identityAction(java.util.function.Function<String, String> action) {
        String requestId = ConsoleMessages.newRequestId();
        revealedSecret = null;
        confirmingRotation = false;
        try {
            ConsoleMessages.done(action.apply(requestId), requestId);
        } catch (RuntimeException refused) {
            ConsoleMessages.refused(refused);
        }
        identity = settings.identitySettings(inboxId);
        identityMode = identity.mode();
    }

    public void saveRetention() {
        String requestId = ConsoleMessages.newRequestId();
        try {
            showRetention(settings.changeRetention(
                    new RetentionSettings(inboxId, messageRetentionDays, auditRetentionDays, visitorErasureRequests),
                    actor(),
                    role(),
                    requestId));
            ConsoleMessages.done("Retention saved.", requestId);
        } catch (RuntimeException refused) {
            ConsoleMessages.refused(refused);
        }
    }

    public List<ErasureRequestView> getPendingRequests() {
        return role() == Role.ADMIN ? erasureRequests.list(ErasureRequestStatus.PENDING, role()) : List.of();
    }

    public void askConfirmRequest(long requestId) {
        confirmingRequest = requestId;
    }

    public void cancelConfirmRequest() {
        confirmingRequest = null;
    }

    public void confirmRequest() {
        String requestId = ConsoleMessages.newRequestId();
        try {
            if (confirmingRequest != null) {
                erasureRequests.confirm(confirmingRequest, actor(), role(), requestId);
                ConsoleMessages.done("The visitor's personal data was erased.", requestId);
            }
        } catch (RuntimeException refused) {
            ConsoleMessages.refused(refused);
        }
        confirmingRequest = null;
    }

    public void rejectRequest(long id) {
        String requestId = ConsoleMessages.newRequestId();
        try {
            erasureRequests.reject(id, actor(), role(), requestId);
            ConsoleMessages.done("Request " + id + " rejected; the visitor's data stays.", requestId);
        } catch (RuntimeException refused) {
            ConsoleMessages.refused(refused);
        }
        confirmingRequest = null;
    }

    public Long getConfirmingRequest() {
        return confirmingRequest;
    }

    public Integer getMessageRetentionDays() {
        return messageRetentionDays;
    }

    public void setMessageRetentionDays(Integer messageRetentionDays) {
        this.messageRetentionDays = messageRetentionDays;
    }

    public Integer getAuditRetentionDays() {
        return auditRetentionDays;
    }

    public void setAuditRetentionDays(Integer auditRetentionDays) {
        this.auditRetentionDays = auditRetentionDays;
    }

    public boolean isVisitorErasureRequests() {
        return visitorErasureRequests;
    }

    public void setVisitorErasureRequests(boolean visitorErasureRequests) {
        this.visitorErasureRequests = visitorErasureRequests;
    }

    private void showRetention(RetentionSettings retention) {
        messageRetentionDays = retention.messageRetentionDays();
        auditRetentionDays = retention.auditRetentionDays();
        visitorErasureRequests = retention.visitorErasureRequests();
    }

    private String actor() {
        return "agent:" + external.getUserPrincipal().getName();
    }

    private Role role() {
        return external.isUserInRole("ADMIN") ? Role.ADMIN : Role.AGENT;
    }

    private void show(Inbox inbox) {
        inboxId = inbox.getId();
        policy = inbox.getAutoMergePolicy();
        allowedOrigins = inbox.getAllowedOrigins();
        websiteToken = inbox.getWebsiteToken();
        identity = IdentitySettings.of(inbox);
        identityMode = identity.mode();
        revealedSecret = null;
        confirmingRotation = false;
        showRetention(RetentionSettings.of(inbox));
    }

    public IdentitySettings getIdentity() {
        if (identity == null) {
            identity = settings.identitySettings(inboxId);
        }
        return identity;
    }

    public IdentityMode getIdentityMode() {
        return identityMode;
    }

    public void setIdentityMode(IdentityMode identityMode) {
        this.identityMode = identityMode;
    }

    public String getRevealedSecret() {
        return revealedSecret;
    }

    public boolean isConfirmingRotation() {
        return confirmingRotation;
    }

    public String getSnippet() {
        HttpServletRequest request = (HttpServletRequest) external.getRequest();
        Optional<String> publicUrl = ConfigProvider.getConfig().getOptionalValue("parley.public-url", String.class);
        String origin = publicUrl
                .filter(url -> !url.isBlank())
                .map(url -> url.replaceAll("/+$", ""))
                .orElseGet(() -> request.getRequestURL().toString().replaceAll("^(https?://[^/]+).*$", "$1"));
        return "<script src=\"" + origin + "/chat/sdk.js\" data-website-token=\"" + websiteToken + "\" async></script>";
    }

    public List<Inbox> getInboxes() {
        return inboxes.all();
    }

    public AutoMergePolicy[] getPolicies() {
        return AutoMergePolicy.values();
    }

    public Long getInboxId() {
        return inboxId;
    }

    public void setInboxId(Long inboxId) {
        this.inboxId = inboxId;
    }

    public AutoMergePolicy getPolicy() {
        return policy;
    }

    public void setPolicy(AutoMergePolicy policy) {
        this.policy = policy;
    }

    public String getAllowedOrigins() {
        return allowedOrigins;
    }

    public void setAllowedOrigins(String allowedOrigins) {
        this.allowedOrigins = allowedOrigins;
    }

    public String getWebsiteToken() {
        return websiteToken;
    }
}
