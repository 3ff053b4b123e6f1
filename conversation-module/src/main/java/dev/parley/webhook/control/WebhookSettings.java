package dev.parley.webhook.control;

import dev.parley.webhook.entity.RetrySchedule;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The webhook settings (MicroProfile Config keys {@code parley.webhooks.*}, environment {@code PARLEY_WEBHOOKS_*};
 * docs/OPERATIONS.md#webhooks lists them with their defaults).
 */
@ApplicationScoped
public class WebhookSettings {

    @Inject
    @ConfigProperty(name = "parley.webhooks.allow-private-targets", defaultValue = "false")
    boolean allowPrivateTargets;

    @Inject
    @ConfigProperty(name = "parley.webhooks.retry.first", defaultValue = "PT5S")
    Duration retryFirst;

    @Inject
    @ConfigProperty(name = "parley.webhooks.retry.max-delay", defaultValue = "PT1H")
    Duration retryMaxDelay;

    @Inject
    @ConfigProperty(name = "parley.webhooks.retry.give-up-after", defaultValue = "PT24H")
    Duration retryGiveUpAfter;

    @Inject
    @ConfigProperty(name = "parley.webhooks.timeout", defaultValue = "PT10S")
    Duration timeout;

    @Inject
    @ConfigProperty(name = "parley.webhooks.lease", defaultValue = "PT1M")
    Duration lease;

    @Inject
    @ConfigProperty(name = "parley.webhooks.poll-interval", defaultValue = "PT0.25S")
    Duration pollInterval;

    @Inject
    @ConfigProperty(name = "parley.webhooks.keep", defaultValue = "P30D")
    Duration keep;

    @Inject
    @ConfigProperty(name = "parley.webhooks.disable-after-failures", defaultValue = "5")
    int disableAfterFailures;

    public boolean allowPrivateTargets() {
        return allowPrivateTargets;
    }

    public RetrySchedule retrySchedule() {
        return new RetrySchedule(retryFirst, retryMaxDelay, retryGiveUpAfter);
    }

    /** How long one POST may take, connecting and answering each. */
    public Duration timeout() {
        return timeout;
    }

    /** A claim's lease: at least twice the timeout, so a live node always records its outcome within it. */
    public Duration lease() {
        Duration floor = timeout.multipliedBy(2).plusSeconds(1);
        return lease.compareTo(floor) < 0 ? floor : lease;
    }

    public Duration pollInterval() {
        return pollInterval.compareTo(Duration.ofMillis(50)) < 0 ? Duration.ofMillis(50) : pollInterval;
    }

    /** How long finished events stay in the outbox (and in the console's delivery list) before the retention job. */
    public Duration keep() {
        return keep;
    }

    public int disableAfterFailures() {
        return Math.max(1, disableAfterFailures);
    }
}
