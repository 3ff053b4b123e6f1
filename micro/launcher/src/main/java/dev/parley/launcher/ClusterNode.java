package dev.parley.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One Payara Micro process of the cluster. Its output goes to the console, each line prefixed with
 * the node's name, and to {@code server.log} in its work folder.
 */
final class ClusterNode {

    /** Where a node listens, whom it joins, and what it runs. */
    record Settings(
            String name,
            int httpPort,
            int gridPort,
            String members,
            List<String> jvmOptions,
            Path war,
            Path runtime,
            Path commands,
            Path work,
            Map<String, String> environment) {}

    /** The shipped pre-boot commands, plus: HTTP on loopback only, as the grid is. */
    private static final String LOOPBACK_HTTP =
            "set configs.config.server-config.network-config.network-listeners.network-listener.http-listener.address=127.0.0.1";

    private final String name;
    private final URI base;
    private final Process process;
    private final Path log;

    private ClusterNode(String name, URI base, Process process, Path log) {
        this.name = name;
        this.base = base;
        this.process = process;
        this.log = log;
    }

    static ClusterNode start(Settings node) throws IOException {
        Path work = Files.createDirectories(node.work());
        Path preboot = work.resolve("preboot.asadmin");
        Files.writeString(
                preboot, Files.readString(node.commands().resolve("preboot.asadmin")) + "\n" + LOOPBACK_HTTP + "\n");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        node.jvmOptions().stream().filter(option -> !option.isBlank()).forEach(command::add);
        // without it Hazelcast also listens on every other interface
        command.add("-Dhazelcast.socket.bind.any=false");
        command.addAll(List.of(
                "-jar", node.runtime().resolve("payara-micro.jar").toString(),
                "--deploy", node.war().toString(),
                "--contextroot", "/",
                "--port", String.valueOf(node.httpPort()),
                "--clustermode", "tcpip:" + node.members(),
                "--interfaces", "127.0.0.1",
                "--startport", String.valueOf(node.gridPort()),
                "--clustername", "parley",
                "--addlibs", node.runtime().resolve("postgresql.jar").toString(),
                "--prebootcommandfile", preboot.toString(),
                "--postbootcommandfile",
                        node.commands().resolve("datasource.asadmin").toString(),
                "--postdeploycommandfile",
                        node.commands().resolve("postdeploy.asadmin").toString()));
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true);
        builder.environment().putAll(node.environment());
        builder.environment().putIfAbsent("PARLEY_PUBLIC_URL", "http://localhost:" + node.httpPort());
        Process process = builder.start();
        ClusterNode started = new ClusterNode(
                node.name(),
                URI.create("http://localhost:" + node.httpPort() + "/"),
                process,
                work.resolve("server.log"));
        started.forwardOutput();
        process.onExit()
                .thenAccept(
                        exited -> System.out.println("[" + node.name() + "] exited with code " + exited.exitValue()));
        return started;
    }

    private void forwardOutput() throws IOException {
        PrintWriter file = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true);
        Thread forwarder = new Thread(
                () -> {
                    try (BufferedReader lines = new BufferedReader(
                                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                            file) {
                        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                            file.println(line);
                            System.out.println("[" + name + "] " + line);
                        }
                    } catch (IOException closed) {
                        // the node is gone; its exit is reported by onExit
                    }
                },
                name + "-output");
        forwarder.setDaemon(true);
        forwarder.start();
    }

    /** Waits until {@code /health/ready} answers 200: Parley deployed and its database reachable. */
    void awaitReady(Duration limit) throws InterruptedException {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(uri("health/ready"))
                .timeout(Duration.ofSeconds(5))
                .GET()
                .build();
        Instant deadline = Instant.now().plus(limit);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " died while starting; see " + log);
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // the listener stays closed until Parley is deployed
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
        throw new IllegalStateException(name + " was not ready within " + limit + "; see " + log);
    }

    /** SIGTERM: Payara leaves the grid and closes its pool. */
    void requestStop() {
        process.destroy();
    }

    /** Waits for the end {@link #requestStop} asked for; kills the node if that takes longer than 30 s. */
    void awaitStop() {
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    String name() {
        return name;
    }

    URI uri(String path) {
        return base.resolve(path);
    }

    Path log() {
        return log;
    }
}
