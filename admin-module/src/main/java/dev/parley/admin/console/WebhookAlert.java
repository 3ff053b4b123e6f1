package dev.parley.admin.console;

import dev.parley.webhook.boundary.Webhooks;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.faces.event.PhaseId;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * The layout's banner for admins: how many webhook endpoints the delivery worker disabled because their
 * deliveries kept failing. One count query per page an admin is shown (the header is not re-rendered by ajax);
 * agents cost nothing.
 */
@Named
@RequestScoped
public class WebhookAlert {

    @Inject
    Webhooks webhooks;

    @Inject
    ExternalContext external;

    private Long disabled;

    /**
     * Counted once, when the page is rendered: a postback asks the banner's {@code rendered} before the action
     * runs too, and an admin who just enabled the endpoint must not see the alert the action cleared.
     */
    public long getDisabled() {
        FacesContext faces = FacesContext.getCurrentInstance();
        if (faces == null || faces.getCurrentPhaseId() != PhaseId.RENDER_RESPONSE) {
            return 0;
        }
        if (disabled == null) {
            disabled = external.getUserPrincipal() == null || !external.isUserInRole("ADMIN")
                    ? 0
                    : webhooks.disabledByFailures(external.getUserPrincipal().getName());
        }
        return disabled;
    }
}
