package dev.parley.admin.console;

import dev.parley.inbox.boundary.InboxSettings;
import dev.parley.inbox.boundary.Inboxes;
import dev.parley.inbox.entity.AutoMergePolicy;
import dev.parley.inbox.entity.Inbox;
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
 */
@Named
@ViewScoped
public class InboxSettingsPage implements Serializable {

    @Inject
    Inboxes inboxes;

    @Inject
    InboxSettings settings;

    @Inject
    ExternalContext external;

    private Long inboxId;
    private AutoMergePolicy policy;
    private String allowedOrigins;
    private String websiteToken;

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

    private void show(Inbox inbox) {
        inboxId = inbox.getId();
        policy = inbox.getAutoMergePolicy();
        allowedOrigins = inbox.getAllowedOrigins();
        websiteToken = inbox.getWebsiteToken();
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
