package dev.parley.ear;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One application server in its own processes, started by the test and always stopped by it
 * ({@link #close()} from {@code @AfterAll}, and a shutdown hook if the test JVM ends first).
 * Every wait is bounded.
 */
abstract class ManagedServer implements AutoCloseable {

    /** What the EAR reads through MicroProfile Config (environment variables on both servers). */
    static final String WEBSITE_TOKEN = "smoke-site";

    static final String ADMIN_PASSWORD = "smoke-admin-secret";

    static final Duration BOOT_TIMEOUT = Duration.ofSeconds(240);
    static final Duration DEPLOY_TIMEOUT = Duration.ofSeconds(300);

    final String name;
    final Path work;
    final Path ear;
    private final List<ProcessHandle> started = new ArrayList<>();
    private final Thread shutdownHook = new Thread(this::kill);
    private boolean closed;

    ManagedServer(String name) {
        this.name = name;
        this.ear = Path.of(required("parley.ear"));
        this.work = Path.of(System.getProperty("ear-smoke.work", "target/ear-smoke"))
                .resolve(name)
                .toAbsolutePath();
        if (!Files.isRegularFile(ear)) {
            throw new IllegalStateException("No EAR at " + ear + ": run the ear module's package phase first");
        }
    }

    /** Boots, deploys and waits until the widget answers; stops everything again if any step fails. */
    final ManagedServer start() {
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try {
            long t0 = System.nanoTime();
            boot();
            long t1 = System.nanoTime();
            deploy();
            // Deployed means the server says so; this only waits for the HTTP listener to answer at all
            // (any status: what the application answers is for the tests to judge).
            await("HTTP on " + name)
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(250))
                    .ignoreExceptions()
                    .until(() -> status(baseUri().resolve("/chat/sdk.js")) > 0);
            long t2 = System.nanoTime();
            System.out.printf(
                    "[ear-smoke] %s: ready in %.1f s (boot step %.1f s, deploy step %.1f s)%n",
                    name, (t2 - t0) / 1e9, (t1 - t0) / 1e9, (t2 - t1) / 1e9);
            return this;
        } catch (RuntimeException | Error failure) {
            close();
            throw failure;
        }
    }

    abstract void boot();

    abstract void deploy();

    abstract URI baseUri();

    /** Stops the server gracefully if it can, then makes sure no process the test started survives. */
    abstract void stop();

    @Override
    public final synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long t0 = System.nanoTime();
        try {
            stop();
        } catch (RuntimeException failure) {
            System.out.println("[ear-smoke] " + name + ": graceful stop failed, killing: " + failure);
        } finally {
            kill();
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
        }
        System.out.printf("[ear-smoke] %s: stop %.1f s%n", name, (System.nanoTime() - t0) / 1e9);
    }

    /** Remembers a server process (and its children) that must not outlive the test. */
    final void track(ProcessHandle process) {
        synchronized (started) {
            started.add(process);
        }
    }

    private void kill() {
        List<ProcessHandle> all;
        synchronized (started) {
            all = new ArrayList<>(started);
        }
        List<ProcessHandle> tree = new ArrayList<>();
        for (ProcessHandle process : all) {
            process.descendants().forEach(tree::add);
            tree.add(process);
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroy);
        for (ProcessHandle process : tree) {
            try {
                process.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception stillRunning) {
                process.destroyForcibly();
            }
        }
    }

    /** Runs a short-lived command (asadmin, ...) to completion, bounded; its output goes to {@code log}. */
    final void run(Duration timeout, Path log, Map<String, String> env, String... command) {
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(
                    log,
                    "\n$ " + String.join(" ", command) + "\n",
                    java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new IllegalStateException(name + ": timed out after " + timeout + ": " + String.join(" ", command)
                        + "\n" + tail(log, 40));
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(name + ": exit " + process.exitValue() + ": "
                        + String.join(" ", command) + "\n" + tail(log, 40));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The environment the server process gets: the settings the application reads via MicroProfile Config. */
    final Map<String, String> serverEnvironment() {
        return Map.of(
                "PARLEY_WEBSITE_TOKEN",
                WEBSITE_TOKEN,
                "PARLEY_ADMIN_PASSWORD",
                ADMIN_PASSWORD,
                // the webhook smoke test's receiver listens on loopback
                "PARLEY_WEBHOOKS_ALLOW_PRIVATE_TARGETS",
                "true",
                "JAVA_HOME",
                System.getProperty("java.home"));
    }

    static int status(URI uri) throws IOException, InterruptedException {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .build()
                .send(
                        HttpRequest.newBuilder(uri)
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    static String tail(Path file, int lines) {
        try {
            if (!Files.exists(file)) {
                return "(no " + file + ")";
            }
            List<String> all = Files.readAllLines(file, java.nio.charset.StandardCharsets.ISO_8859_1);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(unreadable " + file + ": " + e + ")";
        }
    }

    static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("System property " + property
                    + " is not set (run through the ear module's failsafe configuration; -DskipEarSmoke skips it)");
        }
        return value;
    }

    static int intProperty(String property, int defaultValue) {
        return Integer.parseInt(System.getProperty(property, String.valueOf(defaultValue)));
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void copyRecursively(Path from, Path to) {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String replaceOnce(String text, String search, String replacement) {
        int at = text.indexOf(search);
        if (at < 0) {
            throw new IllegalStateException("Server configuration changed: '" + search + "' not found");
        }
        return text.substring(0, at) + replacement + text.substring(at + search.length());
    }
}
