package dev.parley.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * What {@code mvn -Pcluster package -DskipTests [-Dparley.nodes=3]} runs (micro/pom.xml, profile
 * {@code cluster}): N Payara Micro nodes of the Parley WAR on this machine, on loopback only, as one
 * Hazelcast cluster named {@code parley}, sharing one PostgreSQL — the one {@code PARLEY_DB_URL}
 * (with {@code PARLEY_DB_USER}, {@code PARLEY_DB_PASSWORD}) names, or else an embedded one started
 * here. Node i answers HTTP on 8080 + i and joins the grid on 6900 + i.
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

        List<String> members = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            members.add("127.0.0.1:" + (FIRST_GRID_PORT + i));
        }
        for (int i = 0; i < nodes; i++) {
            Map<String, String> environment = new HashMap<>(database.environment());
            environment.put("PARLEY_EVENTS_TRANSPORT", "hazelcast");
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
