package dev.parley.agent.control;

import dev.parley.agent.entity.PresencePolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The configured {@link PresencePolicy}: {@code parley.presence.away-after} and {@code parley.presence.offline-after}. */
@ApplicationScoped
public class PresenceSettings {

    @Inject
    @ConfigProperty(name = "parley.presence.away-after", defaultValue = "PT5M")
    Duration awayAfter;

    @Inject
    @ConfigProperty(name = "parley.presence.offline-after", defaultValue = "PT30M")
    Duration offlineAfter;

    public PresencePolicy policy() {
        return new PresencePolicy(awayAfter, offlineAfter);
    }
}
