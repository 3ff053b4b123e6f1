package dev.parley.bench;

import jakarta.websocket.Session;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code java dev.parley.bench.Bench --base http://localhost:8080/ --token T --admin-password P [--pid N]
 * [--agent-auth token|basic] (how the delivery scenario's agent logs in; a token by default)
 * [--seconds 20] [--only starts,storm,messages,delivery,console,capacity,webhooks] [--webhook-clients 8] [--clients 1,8,32,128] [--warmup 5] [--socket-base http://node-b/] [--sockets 1000]
 * [--agents 50] [--console-messages 300] [--console-pace-ms 300,50]
 * [--scale-label empty --scale-save file | --scale-baseline file]} (scale: only when named in --only):
 * runs the scenarios against a running Parley and prints one table; with {@code --socket-base} the
 * widgets connect to another node than the one the replies are written on. bench/run starts
 * everything and calls this.
 */
public final class Bench {

    private Bench() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        Visitors visitors = new Visitors(
                URI.create(options.getOrDefault("base", "http://localhost:8080/")),
                options.getOrDefault("token", "web_bench"));
        Scenarios scenarios = new Scenarios(visitors);
        Sockets sockets = new Sockets(
                visitors,
                URI.create(
                        options.getOrDefault("socket-base", options.getOrDefault("base", "http://localhost:8080/"))));
        Duration duration = Duration.ofSeconds(Long.parseLong(options.getOrDefault("seconds", "20")));
        String only = options.getOrDefault("only", "starts,storm,messages,delivery,console,capacity");
        String password = options.getOrDefault("admin-password", "");
        List<Result> results = new ArrayList<>();

        // the JIT needs a minute or more of load before Payara's and Parley's hot paths are compiled
        long warmup = Long.parseLong(options.getOrDefault("warmup", "5"));
        if (warmup > 0) {
            scenarios.newVisitorStarts(8, Duration.ofSeconds(warmup));
        }
        if (only.contains("starts")) {
            for (String clients : options.getOrDefault("clients", "1,8,32,128").split(",")) {
                results.add(print(scenarios.newVisitorStarts(Integer.parseInt(clients.strip()), duration)));
            }
        }
        if (only.contains("storm")) {
            results.add(print(scenarios.duplicateStorm(1, true).result()));
            for (boolean oneKey : new boolean[] {true, false}) {
                Scenarios.Storm storm = scenarios.duplicateStorm(200, oneKey);
                results.add(print(storm.result()));
                System.out.println("  conversations: " + storm.conversationIds().size() + ", unmarked creations: "
                        + storm.unmarkedCreations());
            }
        }
        if (only.contains("messages")) {
            results.add(print(scenarios.visitorMessages(8, duration)));
        }
        if (only.contains("delivery")) {
            int widgets = Integer.parseInt(options.getOrDefault("sockets", "1000"));
            results.add(print(sockets.replyDelivery(
                    widgets,
                    300,
                    options.getOrDefault("admin-user", "admin"),
                    password,
                    !options.getOrDefault("agent-auth", "token").equals("basic"))));
            System.out.println("  sockets opened again after no ready within 10 s: " + sockets.reconnects());
        }
        if (only.contains("console")) {
            // paced above ConsoleUpdates' coalescing interval (200 ms), then faster, to show what coalescing costs
            List<Duration> paces = new ArrayList<>();
            for (String pace : options.getOrDefault("console-pace-ms", "300,50").split(",")) {
                paces.add(Duration.ofMillis(Long.parseLong(pace.strip())));
            }
            Console console = new Console(visitors, sockets);
            for (Console.Run run : console.visitorToWorkspaces(
                    Integer.parseInt(options.getOrDefault("agents", "50")),
                    Integer.parseInt(options.getOrDefault("sockets", "1000")),
                    Integer.parseInt(options.getOrDefault("console-messages", "300")),
                    paces,
                    options.getOrDefault("admin-user", "admin"),
                    password)) {
                results.add(print(run.result()));
                System.out.println("  deliveries missed (no nudge within 5 s): " + run.missed()
                        + "; nudges with no message waiting: " + run.unattributed());
            }
        }
        if (only.contains("webhooks")) {
            Webhooks.Run run = new Webhooks(visitors, scenarios)
                    .compare(
                            Integer.parseInt(options.getOrDefault("webhook-clients", "8")),
                            duration,
                            Visitors.basic(options.getOrDefault("admin-user", "admin"), password));
            results.add(print(run.without()));
            results.add(print(run.with()));
            results.add(print(run.lag()));
            System.out.printf(
                    "  starts with webhooks / without: %.2f; events received more than once: %d%n",
                    run.with().perSecond() / run.without().perSecond(), run.duplicates());
        }
        if (only.contains("capacity")) {
            long before = rssKib(options.get("pid"));
            List<Session> open = new ArrayList<>();
            int held = sockets.holdOpen(Integer.parseInt(options.getOrDefault("max-sockets", "5000")), open);
            long after = rssKib(options.get("pid"));
            System.out.printf(
                    "idle capacity: %d sockets held; server RSS %d -> %d KiB (%.1f KiB per socket)%n",
                    held, before, after, held == 0 ? 0.0 : (after - before) / (double) held);
            open.forEach(Sockets::close);
        }
        if (only.contains("scale")) {
            // not in the default list: bench/run runs it with BENCH_SCALE=1, before and after loading the data
            List<Result> scale = new Scale(visitors, new Console(visitors, sockets))
                    .measure(
                            options.getOrDefault("scale-label", "now"),
                            options.getOrDefault("admin-user", "admin"),
                            password);
            results.addAll(scale);
            if (options.containsKey("scale-save")) {
                Scale.save(Path.of(options.get("scale-save")), scale);
            }
            if (options.containsKey("scale-baseline")) {
                Scale.compare(Path.of(options.get("scale-baseline")), scale);
            }
        }
        Map<Integer, Double> pgbench = new HashMap<>();
        for (String pair : options.getOrDefault("pgbench", "").split(",")) {
            if (pair.contains("=") && !pair.endsWith("=")) {
                pgbench.put(Integer.parseInt(pair.split("=")[0]), Double.parseDouble(pair.split("=")[1]));
            }
        }
        System.out.println();
        System.out.println(Result.header() + "   pgbench/s   ratio");
        for (Result r : results) {
            Double sql = r.scenario().startsWith("new visitor") ? pgbench.get(r.concurrency()) : null;
            System.out.println(
                    r.row() + (sql == null ? "" : String.format("  %10.1f  %5.2f", sql, r.perSecond() / sql)));
        }
    }

    private static Result print(Result result) {
        System.out.println(result.row());
        return result;
    }

    static long rssKib(String pid) throws Exception {
        if (pid == null) {
            return 0;
        }
        for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return 0;
    }
}
