package dev.parley.admin.console;

import dev.parley.webhook.boundary.Webhooks;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.ExternalContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * The layout's banner for admins: how many webhook endpoints the delivery worker disabled because their
 * deliveries kept failing. One count query per page an admin loads (the header is not re-rendered by ajax);
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

    public long getDisabled() {
        if (disabled == null) {
            disabled = external.getUserPrincipal() == null || !external.isUserInRole("ADMIN")
                    ? 0
                    : webhooks.disabledByFailures(external.getUserPrincipal().getName());
        }
        return disabled;
    }
}
