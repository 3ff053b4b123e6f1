package dev.parley.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * What {@code mvn -Pcluster package -DskipTests [-Dparley.nodes=3]} runs (micro/pom.xml, profile
 * {@code cluster}): N Payara Micro nodes of the Parley WAR on this machine, on loopback only, as one
 * Hazelcast cluster named {@code parley}, sharing one PostgreSQL — the one {@code PARLEY_DB_URL}
 * (with {@code PARLEY_DB_USER}, {@code PARLEY_DB_PASSWORD}) names, or else an embedded one started
 * here. Node i answers HTTP on 8080 + i and joins the grid on 6900 + i. Every node gets the same
 * cluster secret that signs its grid events: {@code PARLEY_CLUSTER_SECRET} if set, or else a random
 * one made for this run (never printed).
 *
 * <p>Each node is configured exactly as the run command configures its single node: the same JVM
 * options (the build's {@code parley.jvm.options}), the same shipped asadmin command files, the
 * datasource from the same environment variables. Only the cluster options and the loopback-only
 * HTTP listener are added. Ctrl-C (or any SIGTERM to this JVM) stops every node, then the embedded
 * database.
 *
 * <p>Arguments (all paths absolute, given by the build): {@code --nodes N --war parley.war
 * --runtime dir-with-payara-micro.jar-and-postgresql.jar --commands dir-with-the-asadmin-files
 * --work dir --jvm-options "..."}.
 */
public final class ClusterLauncher {

    static final int FIRST_HTTP_PORT = 8081;
    static final int FIRST_GRID_PORT = 6901;
    static final Duration STARTUP_LIMIT = Duration.ofMinutes(5);

    private ClusterLauncher() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        int nodes = Integer.parseInt(options.getOrDefault("nodes", "2"));
        Path work = Files.createDirectories(Path.of(required(options, "work")));
        List<String> jvmOptions =
                List.of(options.getOrDefault("jvm-options", "").trim().split("\\s+"));

        Database database = System.getenv("PARLEY_DB_URL") != null ? Database.fromEnvironment() : Database.embedded();
        List<ClusterNode> running = new ArrayList<>();
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            running.forEach(ClusterNode::requestStop);
                            running.forEach(ClusterNode::awaitStop);
                            database.close();
                        },
                        "parley-cluster-stop"));

        String clusterSecret = clusterSecret();
        List<String> members = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            members.add("127.0.0.1:" + (FIRST_GRID_PORT + i));
        }
        for (int i = 0; i < nodes; i++) {
            Map<String, String> environment = new HashMap<>(database.environment());
            environment.put("PARLEY_EVENTS_TRANSPORT", "hazelcast");
            environment.put("PARLEY_CLUSTER_SECRET", clusterSecret);
            running.add(ClusterNode.start(new ClusterNode.Settings(
                    "node-" + (i + 1),
                    FIRST_HTTP_PORT + i,
                    FIRST_GRID_PORT + i,
                    String.join(",", members),
                    jvmOptions,
                    Path.of(required(options, "war")),
                    Path.of(required(options, "runtime")),
                    Path.of(required(options, "commands")),
                    work.resolve("node-" + (i + 1)),
                    environment)));
        }
        for (ClusterNode node : running) {
            node.awaitReady(STARTUP_LIMIT);
        }
        System.out.println();
        for (ClusterNode node : running) {
            System.out.println("Parley " + node.name() + " ready: " + node.uri("chat/demo") + "  console "
                    + node.uri("admin/") + "  health " + node.uri("health/ready") + "  log " + node.log());
        }
        System.out.println("Parley cluster of " + nodes + " nodes is up, database " + database.description()
                + ". Ctrl-C stops it.");
        new CountDownLatch(1).await();
    }

    /** The user's {@code PARLEY_CLUSTER_SECRET}, or 32 random bytes for this run's nodes only. */
    private static String clusterSecret() {
        String given = System.getenv("PARLEY_CLUSTER_SECRET");
        if (given != null && !given.isBlank()) {
            System.out.println("The nodes sign their grid events with PARLEY_CLUSTER_SECRET from the environment.");
            return given;
        }
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        System.out.println("PARLEY_CLUSTER_SECRET is not set: the nodes sign their grid events with a random"
                + " secret made for this run (not printed); set it to add nodes started elsewhere.");
        return Base64.getEncoder().encodeToString(random);
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }
}
