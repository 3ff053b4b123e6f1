package dev.parley.launcher;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * The one PostgreSQL every node of the cluster shares, handed to each node through the same
 * environment variables the run command reads ({@code PARLEY_DB_*}, see
 * {@code micro/src/main/payara/datasource.asadmin}). Either the user's ({@code PARLEY_DB_URL} set) or
 * an embedded server started here, empty each time and stopped with the cluster.
 */
final class Database {

    private static final String POSTGRES = "org.postgresql.ds.PGSimpleDataSource";

    private final Map<String, String> environment;
    private final String description;
    private final EmbeddedPostgres embedded;

    private Database(Map<String, String> environment, String description, EmbeddedPostgres embedded) {
        this.environment = environment;
        this.description = description;
        this.embedded = embedded;
    }

    /** The database the user named; user and password pass through untouched (and are never printed). */
    static Database fromEnvironment() {
        String datasource = System.getenv().getOrDefault("PARLEY_DB_DATASOURCE", POSTGRES);
        String url = System.getenv("PARLEY_DB_URL");
        return new Database(Map.of("PARLEY_DB_DATASOURCE", datasource), url.replaceFirst("[?;].*", ""), null);
    }

    /** A PostgreSQL of its own on a free loopback port, from the binaries Maven fetched. */
    static Database embedded() throws IOException, SQLException {
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setRegisterShutdownHook(false)
                .setServerConfig("max_connections", "300")
                .start();
        try (Connection admin = postgres.getPostgresDatabase().getConnection();
                Statement sql = admin.createStatement()) {
            sql.execute("CREATE DATABASE parley");
        }
        String url = "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/parley";
        System.out.println(
                "Embedded PostgreSQL on 127.0.0.1:" + postgres.getPort() + " (database parley, user postgres)");
        return new Database(
                Map.of(
                        "PARLEY_DB_DATASOURCE",
                        POSTGRES,
                        "PARLEY_DB_URL",
                        url,
                        "PARLEY_DB_USER",
                        "postgres",
                        "PARLEY_DB_PASSWORD",
                        "postgres"),
                url + " (embedded)",
                postgres);
    }

    Map<String, String> environment() {
        return environment;
    }

    String description() {
        return description;
    }

    void close() {
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot stop the embedded PostgreSQL", e);
            }
        }
    }
}
