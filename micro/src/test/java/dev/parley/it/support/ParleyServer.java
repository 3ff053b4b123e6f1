package dev.parley.it.support;

import static org.awaitility.Awaitility.await;

import dev.parley.limit.entity.VisitorLimit;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The product as a user runs it: the Payara Micro WAR in its own JVM, booted once per test run
 * and shared by every test class that asks for it ({@code @ExtendWith(ParleyServer.class)} and a
 * {@link Parley} parameter). Default flavour: a real PostgreSQL (embedded binaries); test classes
 * annotated {@link EmbeddedDatabase} get a second instance on the built-in H2 default instead.
 */
public class ParleyServer implements ParameterResolver {

    public static final String WEBSITE_TOKEN = "web_test_site";
    public static final String ADMIN_USER = "admin";
    public static final String ADMIN_PASSWORD = "test-admin-secret";
    public static final String EMBEDDED_DB_PASSWORD = "h2-db-secret";
    /** The default inbox's identity secret (PARLEY_IDENTITY_SECRET): its websites sign identifiers with it. */
    public static final String IDENTITY_SECRET = "it-identity-secret-0123456789abcdef";

    /**
     * The shared server serves every test class from one address, and the bad-input sweep alone fails
     * hundreds of logins: login throttling would lock 127.0.0.1 for the rest of the run. Its own IT
     * ({@code LoginThrottlingIT}) boots a server with the shipped defaults and short locks instead.
     */
    static final List<String> SHARED_LOGIN_LIMITS =
            List.of("-Dparley.login.account-failures=1000000", "-Dparley.login.address-failures=1000000");

    /**
     * Every test server runs without the visitor limits, because every test visitor comes from
     * 127.0.0.1 and the suite starts thousands of them; {@code VisitorLimitsIT} boots servers with its
     * own limits, which come later on the command line and win.
     */
    static final List<String> NO_VISITOR_LIMITS = Arrays.stream(VisitorLimit.values())
            .map(limit -> "-Dparley.limits." + limit.key() + "=off")
            .toList();

    /**
     * Webhooks to the tests' own receivers on loopback (refused by default), and retry, timeout and lease spans
     * in seconds instead of the shipped hours, so a retry or an expired lease happens within a test.
     */
    public static final List<String> WEBHOOK_TEST_SETTINGS = List.of(
            "-Dparley.webhooks.allow-private-targets=true",
            "-Dparley.webhooks.retry.first=PT0.5S",
            "-Dparley.webhooks.retry.max-delay=PT2S",
            "-Dparley.webhooks.retry.give-up-after=PT20S",
            "-Dparley.webhooks.timeout=PT5S");

    /** The asadmin command files the run command uses. */
    private static final Path SHIPPED_COMMANDS = Path.of("src", "main", "payara");

    private static final Map<String, Parley> RUNNING = new ConcurrentHashMap<>();

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Parley.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        boolean h2 = context.getRequiredTestClass().isAnnotationPresent(EmbeddedDatabase.class);
        String flavour = h2 ? "h2" : "postgres";
        return context.getRoot()
                .getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent("parley-" + flavour, key -> new Running(boot(flavour)), Running.class)
                .parley;
    }

    /** Stops the server when the whole test run ends. */
    private record Running(Parley parley) implements ExtensionContext.Store.CloseableResource, AutoCloseable {

        @Override
        public void close() {
            parley.stop();
        }
    }

    private static Parley boot(String flavour) {
        String database = flavour.equals("postgres") ? TestDatabase.create("parley_it") : null;
        List<String> options = new ArrayList<>(SHARED_LOGIN_LIMITS);
        options.addAll(WEBHOOK_TEST_SETTINGS);
        return boot(new Node("it-" + flavour, 0, database, options, List.of("--nohazelcast"), Map.of()));
    }

    /**
     * One Payara Micro node: its work folder name, HTTP port (0: any free one), its database on the
     * embedded PostgreSQL (null: the datasource the environment names, as the run command does, by
     * default H2), extra JVM and Micro options, extra environment.
     */
    public record Node(
            String name,
            int port,
            String database,
            List<String> jvmOptions,
            List<String> microOptions,
            Map<String, String> environment) {}

    public static Parley boot(Node node) {
        try {
            Path work = Files.createDirectories(Path.of("target", node.name()));
            int port = node.port() > 0 ? node.port() : freePort();
            List<String> command =
                    new ArrayList<>(List.of(javaBinary(), "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
            command.addAll(NO_VISITOR_LIMITS);
            command.addAll(node.jvmOptions());
            command.addAll(List.of(
                    "-jar",
                    System.getProperty("payara.microJar"),
                    "--deploy",
                    System.getProperty("parley.war"),
                    "--contextroot",
                    "/",
                    "--port",
                    String.valueOf(port)));
            command.addAll(node.microOptions());
            // the shipped pre-boot commands (listener closed until Parley is deployed), then the tests' own
            Path preboot = work.resolve("preboot.asadmin");
            Files.writeString(
                    preboot,
                    Files.readString(SHIPPED_COMMANDS.resolve("preboot.asadmin"))
                            + String.join(
                                    "\n",
                                    "set configs.config.server-config.thread-pools.thread-pool.http-thread-pool.max-thread-pool-size=300",
                                    "set configs.config.server-config.network-config.network-listeners.network-listener.http-listener.address=127.0.0.1",
                                    ""));
            command.addAll(List.of(
                    "--prebootcommandfile",
                    preboot.toAbsolutePath().toString(),
                    "--postdeploycommandfile",
                    SHIPPED_COMMANDS
                            .resolve("postdeploy.asadmin")
                            .toAbsolutePath()
                            .toString()));
            Map<String, String> environment = new java.util.HashMap<>(node.environment());
            if (node.database() != null) {
                Path postboot = work.resolve("postboot.asadmin");
                Files.writeString(postboot, postgresDatasource(node.database()));
                command.addAll(List.of(
                        "--postbootcommandfile",
                        postboot.toAbsolutePath().toString(),
                        "--addlibs",
                        new File(System.getProperty("parley.runtime"), "postgresql.jar").getAbsolutePath()));
            } else {
                // the very configuration of the README's run command: datasource.asadmin fed by the environment
                command.addAll(List.of(
                        "--postbootcommandfile",
                        SHIPPED_COMMANDS
                                .resolve("datasource.asadmin")
                                .toAbsolutePath()
                                .toString()));
                environment.putIfAbsent("PARLEY_DB_DATASOURCE", "org.h2.jdbcx.JdbcDataSource");
                environment.putIfAbsent(
                        "PARLEY_DB_URL",
                        "jdbc:h2:file:" + work.resolve("db").toAbsolutePath() + "/parley-" + System.nanoTime());
                environment.putIfAbsent("PARLEY_DB_USER", "parley");
                environment.putIfAbsent("PARLEY_DB_PASSWORD", EMBEDDED_DB_PASSWORD);
                command.addAll(List.of(
                        "--addlibs",
                        new File(System.getProperty("parley.runtime"), "postgresql.jar").getAbsolutePath()));
            }
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(work.resolve("server.log").toFile());
            builder.environment().putAll(environment);
            builder.environment().put("PARLEY_WEBSITE_TOKEN", WEBSITE_TOKEN);
            builder.environment().put("PARLEY_ADMIN_PASSWORD", ADMIN_PASSWORD);
            builder.environment().putIfAbsent("PARLEY_IDENTITY_SECRET", IDENTITY_SECRET);
            Process process = builder.start();
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
            Parley parley = new Parley(
                    URI.create("http://127.0.0.1:" + port + "/"), process, node.database(), work.resolve("server.log"));
            try {
                waitUntilReady(parley);
            } catch (RuntimeException notReady) {
                parley.stop();
                throw notReady;
            }
            return parley;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Points Payara's default datasource (what Parley's persistence unit uses) at PostgreSQL. */
    public static String postgresDatasource(String database) {
        return String.join(
                "\n",
                "create-jdbc-connection-pool --datasourceclassname org.postgresql.ds.PGSimpleDataSource"
                        + " --restype javax.sql.DataSource --steadypoolsize 8 --maxpoolsize 40"
                        + " --isconnectvalidatereq=true --validationmethod=table --validationtable=INFORMATION_SCHEMA.SCHEMATA"
                        + " --validateatmostonceperiod=5 --failconnection=true"
                        + " --property serverName=127.0.0.1:portNumber=" + TestDatabase.port() + ":databaseName="
                        + database + ":user=postgres:password=postgres ParleyPool",
                "set resources.jdbc-resource.jdbc/__default.pool-name=ParleyPool",
                "");
    }

    /**
     * Waits for Parley's own answer (the visitor API's 401 without a token). The port must stay
     * closed until then: an answer from the container before the application is deployed (its 404
     * page, its empty 500) would reach clients as final (B4 in docs/RELIABILITY.md).
     */
    private static void waitUntilReady(Parley parley) {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest probe = HttpRequest.newBuilder(parley.uri("chat/api/v1/conversations"))
                .GET()
                .build();
        List<Integer> early = new java.util.concurrent.CopyOnWriteArrayList<>();
        await("Payara Micro with Parley (log: " + parley.log() + ")")
                .atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .failFast(
                        "the server died or the deployment failed (see " + parley.log() + ")",
                        () -> !parley.process().isAlive() || deploymentFailed(parley))
                .until(() -> {
                    int status = http.send(probe, HttpResponse.BodyHandlers.discarding())
                            .statusCode();
                    if (status != 401) {
                        early.add(status);
                    }
                    return status == 401;
                });
        if (!early.isEmpty()) {
            throw new AssertionError("the port answered " + early + " before Parley was deployed");
        }
    }

    private static boolean deploymentFailed(Parley parley) throws IOException {
        try (var lines = Files.lines(parley.log())) {
            return lines.anyMatch(line -> line.contains("Exception while loading the app"));
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
