package dev.parley.schema.control;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;

/**
 * Brings the schema up to date before anything else touches the database. Flyway takes a database
 * lock while it migrates, so several nodes may start at once.
 *
 * <p>{@code db/migration} holds the migrations every database runs; {@code db/migration-postgresql} and
 * {@code db/migration-h2} a version written for each (V16: PostgreSQL's trigram indexes, which H2 has no
 * kind of, built outside a transaction), of which Flyway gets the one of the database it migrates (PostgreSQL
 * or H2, the two Parley runs on). A location Flyway's scanner cannot find (a class loader that hides a
 * folder) fails the start rather than skipping its migrations unnoticed.
 */
@Singleton
@Startup
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SchemaMigration {

    private static final Logger LOG = Logger.getLogger(SchemaMigration.class.getName());

    @Resource(lookup = "java:comp/DefaultDataSource")
    DataSource dataSource;

    @PostConstruct
    void migrate() {
        FluentConfiguration configuration = Flyway.configure(SchemaMigration.class.getClassLoader())
                .dataSource(dataSource)
                .locations(locations())
                .failOnMissingLocations(true);
        // Flyway's default on PostgreSQL runs every migration inside the transaction that holds its lock, where
        // V16's CREATE INDEX CONCURRENTLY is refused; a session lock serializes the nodes as well
        configuration
                .getConfigurationExtension(PostgreSQLConfigurationExtension.class)
                .setTransactionalLock(false);
        var result = configuration.load().migrate();
        LOG.info(() -> "Parley schema at version " + result.targetSchemaVersion + " (" + result.migrationsExecuted
                + " migrations applied now)");
    }

    private String[] locations() {
        try (Connection connection = dataSource.getConnection()) {
            String product = connection.getMetaData().getDatabaseProductName();
            String vendor = product.equalsIgnoreCase("PostgreSQL") ? "postgresql" : "h2";
            return new String[] {"classpath:db/migration", "classpath:db/migration-" + vendor};
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot tell which database the schema is in", e);
        }
    }
}
