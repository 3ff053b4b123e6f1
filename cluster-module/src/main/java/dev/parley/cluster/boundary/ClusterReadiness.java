package dev.parley.cluster.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Reports the event transport and, in a cluster, how many members this node sees and how many grid
 * events it dropped for a missing or wrong signature ({@code /health/ready}; {@code rejectedEvents}).
 * Dropped events do not make the node unready: a forger must not be able to take nodes out of service.
 */
@Readiness
@ApplicationScoped
public class ClusterReadiness implements HealthCheck {

    @Inject
    EventRelay relay;

    @Override
    public HealthCheckResponse call() {
        try {
            return HealthCheckResponse.named("cluster")
                    .up()
                    .withData("transport", relay.clustered() ? "hazelcast" : "local")
                    .withData("members", relay.members())
                    .withData("rejectedEvents", relay.rejected())
                    .build();
        } catch (RuntimeException gridDown) {
            return HealthCheckResponse.named("cluster")
                    .down()
                    .withData("error", String.valueOf(gridDown.getMessage()))
                    .build();
        }
    }
}
