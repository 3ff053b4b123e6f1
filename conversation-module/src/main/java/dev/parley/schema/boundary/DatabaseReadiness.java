package dev.parley.schema.boundary;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * A node is ready only while it reaches the database: every guarantee Parley gives lives there,
 * so a load balancer should drain a node that lost it ({@code /health/ready}).
 */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements HealthCheck {

    @Resource(lookup = "java:comp/DefaultDataSource")
    DataSource dataSource;

    @Override
    public HealthCheckResponse call() {
        try (Connection connection = dataSource.getConnection();
                Statement probe = connection.createStatement()) {
            probe.setQueryTimeout(2);
            probe.execute("select 1");
            return HealthCheckResponse.named("database").up().build();
        } catch (SQLException unreachable) {
            return HealthCheckResponse.named("database")
                    .down()
                    .withData("error", unreachable.getSQLState() == null ? "unreachable" : unreachable.getSQLState())
                    .build();
        }
    }
}
