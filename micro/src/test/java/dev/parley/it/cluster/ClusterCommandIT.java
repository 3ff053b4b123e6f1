package dev.parley.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The README's cluster command, exactly as written there (plus {@code -B}), as a child Maven build
 * started from the project root: both nodes become ready on the README's ports and see each other,
 * sharing the random cluster secret it made (PARLEY_CLUSTER_SECRET unset), and stopping the
 * command (SIGTERM, as Ctrl-C sends) stops every process it started, the embedded PostgreSQL
 * included.
 *
 * <p>The child rebuilds every module's {@code target/} in place, so this test runs in failsafe's
 * {@code readme-commands} execution (micro/pom.xml), after every other test and its servers have
 * finished. It needs the ports 8081, 8082, 6901 and 6902 free.
 */
@Tag("readme-command")
class ClusterCommandIT {

    static final List<Integer> HTTP_PORTS = List.of(8081, 8082);
    static final List<Integer> GRID_PORTS = List.of(6901, 6902);
    static final Pattern EMBEDDED_DATABASE = Pattern.compile("Embedded PostgreSQL on 127\\.0\\.0\\.1:(\\d+)");
    static final Pattern MEMBERS = Pattern.compile("\"members\"\\s*:\\s*\"?(\\d+)");

    final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void theReadmesClusterCommandRunsTwoReadyNodesAsOneClusterAndStopsCleanly() throws Exception {
        Path root = projectRoot();
        List<String> command = readmeCommand(root);
        assertThat(command).as("the README's cluster command").containsSubsequence("-Pcluster", "package");
        for (int port : concat(HTTP_PORTS, GRID_PORTS)) {
            assertThat(listening(port))
                    .as("port " + port + " must be free for the cluster command")
                    .isFalse();
        }
        Path log = Files.createDirectories(Path.of("target", "cluster-command"))
                .resolve("mvn.log")
                .toAbsolutePath();
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // the README's default: no database named, so the command starts an embedded one
        builder.environment().keySet().removeIf(name -> name.startsWith("PARLEY_"));
        Process maven = builder.start();
        try {
            await("both nodes answer /health/ready with 200 (" + String.join(" ", command) + " in " + root + ", log "
                            + log + ")")
                    .atMost(Duration.ofMinutes(10))
                    .pollInterval(Duration.ofSeconds(1))
                    .failFast("the cluster command ended (log: " + log + ")", () -> !maven.isAlive())
                    .until(() -> ready(HTTP_PORTS.get(0)) == 200 && ready(HTTP_PORTS.get(1)) == 200);
            await("each node sees both members")
                    .atMost(Duration.ofMinutes(1))
                    .until(() -> members(HTTP_PORTS.get(0)) == 2 && members(HTTP_PORTS.get(1)) == 2);
            assertThat(Files.readString(log))
                    .as("without PARLEY_CLUSTER_SECRET the command makes one for the run and says so")
                    .contains("PARLEY_CLUSTER_SECRET is not set");
            Matcher database = EMBEDDED_DATABASE.matcher(Files.readString(log));
            assertThat(database.find())
                    .as("the command says where its embedded PostgreSQL listens")
                    .isTrue();
            int databasePort = Integer.parseInt(database.group(1));
            List<ProcessHandle> started = maven.descendants().toList();
            assertThat(started).as("the nodes run as children of the command").hasSizeGreaterThanOrEqualTo(2);

            maven.destroy();

            assertThat(maven.waitFor(2, TimeUnit.MINUTES))
                    .as("the command ends after SIGTERM")
                    .isTrue();
            await("every node the command started has ended")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> started.stream().noneMatch(ProcessHandle::isAlive));
            for (int port : concat(concat(HTTP_PORTS, GRID_PORTS), List.of(databasePort))) {
                assertThat(listening(port))
                        .as("port " + port + " closed after the stop")
                        .isFalse();
            }
        } finally {
            if (maven.isAlive()) {
                maven.descendants().forEach(ProcessHandle::destroyForcibly);
                maven.destroyForcibly();
            }
        }
    }

    /** The directory above micro's base directory that holds the README and the reactor pom listing micro. */
    static Path projectRoot() throws IOException {
        Path micro = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
        for (Path dir = micro.getParent(); dir != null; dir = dir.getParent()) {
            Path pom = dir.resolve("pom.xml");
            if (Files.exists(dir.resolve("README.md"))
                    && Files.exists(pom)
                    && Files.readString(pom).contains("<module>micro</module>")) {
                return dir;
            }
        }
        throw new IllegalStateException("no project root above " + micro);
    }

    /** The first {@code mvn} line of the README's "Run a cluster" code block, its comment cut, with -B. */
    static List<String> readmeCommand(Path root) throws IOException {
        List<String> lines = Files.readAllLines(root.resolve("README.md"));
        int section = lines.indexOf("## Run a cluster");
        assertThat(section).as("README section 'Run a cluster'").isNotNegative();
        String line = lines.subList(section, lines.size()).stream()
                .filter(candidate -> candidate.startsWith("mvn "))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no mvn command under 'Run a cluster'"));
        List<String> words =
                new ArrayList<>(List.of(line.replaceFirst("#.*", "").trim().split("\\s+")));
        String mavenHome = System.getProperty("maven.home");
        if (mavenHome != null && Files.isExecutable(Path.of(mavenHome, "bin", "mvn"))) {
            words.set(0, Path.of(mavenHome, "bin", "mvn").toString());
        }
        words.add(1, "-B");
        return words;
    }

    int ready(int port) throws InterruptedException {
        try {
            return http.send(health(port), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException notYet) {
            return -1;
        }
    }

    int members(int port) throws IOException, InterruptedException {
        Matcher members = MEMBERS.matcher(
                http.send(health(port), HttpResponse.BodyHandlers.ofString()).body());
        return members.find() ? Integer.parseInt(members.group(1)) : 0;
    }

    static HttpRequest health(int port) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
                .timeout(Duration.ofSeconds(5))
                .GET()
                .build();
    }

    static boolean listening(int port) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    static List<Integer> concat(List<Integer> first, List<Integer> second) {
        List<Integer> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
