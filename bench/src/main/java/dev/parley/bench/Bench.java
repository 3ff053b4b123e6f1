package dev.parley.bench;

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
 * [--agents 50] [--console-messages 300] [--console-pace-ms 300,50] [--max-sockets 20000] (idle widget sockets,
 * capped by the server's open-file limit) [--socket-parallel 32] (handshakes at once) [--capacity-delivery 300]
 * (agent replies timed while the idle ones are open; 0: none) [--capacity-receivers 100] (the widgets they go to)
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
            Webhooks.Run run = new Webhooks(visitors, scenarios, options.get("pid"))
                    .compare(
                            Integer.parseInt(options.getOrDefault("webhook-clients", "8")),
                            duration,
                            // a token: Basic would cost a PBKDF2 derivation on every toggle between rounds
                            visitors.agentToken(
                                    options.getOrDefault("admin-user", "admin"), password, "bench webhooks"));
            results.add(print(run.without()));
            results.add(print(run.with()));
            results.add(print(run.lag()));
            System.out.printf(
                    "  starts with webhooks / without: %.2f; events received more than once: %d; the server's"
                            + " attempts by outcome: %s%n",
                    run.with().perSecond() / run.without().perSecond(), run.duplicates(), run.attempts());
            System.out.println("  " + run.cpu());
        }
        if (only.contains("capacity")) {
            int requested = Integer.parseInt(options.getOrDefault("max-sockets", "20000"));
            int parallel = Integer.parseInt(options.getOrDefault("socket-parallel", "32"));
            String pid = options.get("pid");
            // Tyrus' client takes a selector (three files) per socket besides the socket itself
            int receiving = Integer.parseInt(options.getOrDefault("capacity-receivers", "100"));
            int max = Math.min(
                    requested,
                    Math.min(
                            fileRoom(pid) - receiving,
                            fileRoom(String.valueOf(ProcessHandle.current().pid())) - 4 * receiving));
            if (max < requested) {
                System.out.printf(
                        "idle capacity: %d idle sockets asked, %d opened: the open-file limits (server %d, this client"
                                + " %d) leave room for no more beside the processes' own files and the %d receiving"
                                + " sockets%n",
                        requested, max, openFileLimit(pid), openFileLimit(null), receiving);
            }
            try (IdleWidgets idle = new IdleWidgets(visitors, sockets.socketBase())) {
                long began = System.nanoTime();
                List<Visitors.Visitor> who = idle.newVisitors(max, parallel);
                System.out.printf(
                        "idle capacity: %d visitor sessions in %.1f s%n", max, (System.nanoTime() - began) / 1e9);
                ServerHeap before = pid == null ? null : ServerHeap.of(pid);
                long rssBefore = rssKib(pid);
                began = System.nanoTime();
                idle.connect(who, parallel);
                System.out.printf(
                        "idle capacity: %d sockets open and ready (hello answered) in %.1f s, %d handshakes retried%n",
                        idle.open(), (System.nanoTime() - began) / 1e9, idle.retried());
                // the hello deadline's timer (10 s) holds each socket until it fires: measure after it
                Thread.sleep(Duration.ofSeconds(12).toMillis());
                if (before != null) {
                    ServerHeap after = ServerHeap.of(pid);
                    System.out.printf(
                            "idle capacity: live heap after a full GC %.1f -> %.1f MiB: %.2f KiB per idle socket"
                                    + " (%,d objects); %d sockets would take %.0f MiB; server RSS %d -> %d KiB%n",
                            before.bytes() / 1048576.0,
                            after.bytes() / 1048576.0,
                            (after.bytes() - before.bytes()) / 1024.0 / idle.open(),
                            (after.instances() - before.instances()) / idle.open(),
                            idle.open(),
                            (after.bytes() - before.bytes()) / 1048576.0,
                            rssBefore,
                            rssKib(pid));
                    System.out.printf(
                            "idle capacity: at %d sockets the live heap would be %.0f MiB (%.0f at start + %d x the"
                                    + " cost per socket)%n",
                            requested,
                            (before.bytes() + (after.bytes() - before.bytes()) / (double) idle.open() * requested)
                                    / 1048576.0,
                            before.bytes() / 1048576.0,
                            requested);
                    System.out.println("  what grew, per socket, by owner:");
                    System.out.println(after.growthByOwner(before, idle.open()));
                    System.out.println("  what grew, per socket, by class:");
                    System.out.println(after.growthSince(before, 30, idle.open()));
                }
                if (!options.getOrDefault("capacity-delivery", "300").equals("0")) {
                    results.add(print(sockets.replyDelivery(
                                    receiving,
                                    Integer.parseInt(options.getOrDefault("capacity-delivery", "300")),
                                    options.getOrDefault("admin-user", "admin"),
                                    password,
                                    true)
                            .named("agent reply -> widget, " + receiving + " + " + idle.open() + " idle")));
                }
            }
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

    /**
     * Sockets the server process can still open: its soft open-file limit less the files it has open
     * and a margin (database connections, jars, the attach socket); unbounded without a pid.
     */
    static int fileRoom(String pid) throws Exception {
        if (pid == null) {
            return Integer.MAX_VALUE;
        }
        long limit = openFileLimit(pid);
        long used;
        try (var files = Files.list(Path.of("/proc", pid, "fd"))) {
            used = files.count();
        }
        return (int) Math.min(Integer.MAX_VALUE, limit - used - 200);
    }

    /** The soft open-file limit of a process ({@code null}: this one). */
    static long openFileLimit(String pid) throws Exception {
        String process = pid == null ? String.valueOf(ProcessHandle.current().pid()) : pid;
        for (String line : Files.readAllLines(Path.of("/proc", process, "limits"))) {
            if (line.startsWith("Max open files")) {
                String soft = line.substring("Max open files".length()).strip().split("\\s+")[0];
                return soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
            }
        }
        return Long.MAX_VALUE;
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
