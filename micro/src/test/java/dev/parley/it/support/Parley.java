package dev.parley.it.support;

import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A running Parley: where it answers, and (on PostgreSQL) a door to its database for assertions. */
public record Parley(URI base, Process process, String database, Path log) {

    private static final Map<URI, String> ADMIN_TOKENS = new java.util.concurrent.ConcurrentHashMap<>();

    public URI uri(String path) {
        return base.resolve(path);
    }

    /** The same server reached at another address, such as a {@link TcpRelay}'s in front of it. */
    public Parley at(URI otherBase) {
        return new Parley(otherBase, process, database, log);
    }

    public WidgetClient widget() {
        return new WidgetClient(uri("chat/api/v1/"));
    }

    /**
     * The admin on a personal access token (made once per server with Basic): most tests are not
     * about Basic, and a Basic request costs a 600,000-iteration PBKDF2.
     */
    public AgentClient agent() {
        String token = ADMIN_TOKENS.computeIfAbsent(
                base,
                b -> adminBasic()
                        .withNewToken(uri("admin/api/v1/"), "it")
                        .authorization()
                        .substring("Bearer ".length()));
        return AgentClient.bearer(uri("admin/api/v1/"), token);
    }

    /** The admin over HTTP Basic, for the tests about Basic. */
    public AgentClient adminBasic() {
        return new AgentClient(uri("admin/api/v1/"), ParleyServer.ADMIN_USER, ParleyServer.ADMIN_PASSWORD);
    }

    public AgentClient agent(String user, String password) {
        return new AgentClient(uri("admin/api/v1/"), user, password);
    }

    public boolean hasDatabaseAccess() {
        return database != null;
    }

    public long count(String sql, Object... parameters) {
        try (Connection connection = TestDatabase.connect(database);
                var statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs one write statement against the product's database (test setup only); returns the update count. */
    public int execute(String sql, Object... parameters) {
        try (Connection connection = TestDatabase.connect(database);
                var statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every row of a query, each as its column values in order. */
    public java.util.List<java.util.List<Object>> rows(String sql, Object... parameters) {
        try (Connection connection = TestDatabase.connect(database);
                var statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                java.util.List<java.util.List<Object>> result = new java.util.ArrayList<>();
                int columns = rows.getMetaData().getColumnCount();
                while (rows.next()) {
                    java.util.List<Object> row = new java.util.ArrayList<>();
                    for (int column = 1; column <= columns; column++) {
                        row.add(rows.getObject(column));
                    }
                    result.add(row);
                }
                return result;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Row counts of every domain table: equal snapshots mean a request changed nothing. */
    public Map<String, Long> snapshot() {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection connection = TestDatabase.connect(database);
                Statement sql = connection.createStatement()) {
            for (String table : new String[] {"inbox", "contact", "conversation", "message", "idempotency_record"}) {
                try (ResultSet rows = sql.executeQuery("select count(*), coalesce(sum(length(coalesce("
                        + (table.equals("contact") ? "name" : "'x'") + ", ''))), 0) from " + table)) {
                    rows.next();
                    counts.put(table, rows.getLong(1));
                    counts.put(table + ".checksum", rows.getLong(2));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return counts;
    }

    public void stop() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
