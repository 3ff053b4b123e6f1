package dev.parley.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The server's live heap, read with {@code jcmd <pid> GC.class_histogram}, which runs a full GC first:
 * what objects are still reachable, by class, not what the process happens to have mapped (RSS).
 */
record ServerHeap(long bytes, long instances, Map<String, long[]> byClass) {

    private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+).*$");
    private static final Pattern TOTAL = Pattern.compile("^Total\\s+(\\d+)\\s+(\\d+)\\s*$");

    static ServerHeap of(String pid) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder("jcmd", pid, "GC.class_histogram")
                .redirectErrorStream(true)
                .start();
        String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!jcmd.waitFor(120, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
            throw new IOException("jcmd " + pid + " GC.class_histogram failed: " + out);
        }
        Map<String, long[]> byClass = new HashMap<>();
        long bytes = 0;
        long instances = 0;
        for (String line : out.split("\n")) {
            Matcher row = ROW.matcher(line);
            Matcher total = TOTAL.matcher(line);
            if (row.matches()) {
                byClass.merge(
                        row.group(3), new long[] {Long.parseLong(row.group(1)), Long.parseLong(row.group(2))}, (a, b) ->
                                new long[] {a[0] + b[0], a[1] + b[1]});
            } else if (total.matches()) {
                instances = Long.parseLong(total.group(1));
                bytes = Long.parseLong(total.group(2));
            }
        }
        return new ServerHeap(bytes, instances, byClass);
    }

    /**
     * Growth per {@code per} by whose classes grew: the container's HTTP layer (Grizzly), its servlet
     * layer (Catalina, Payara's web container), the WebSocket implementation (Tyrus), Parley, and
     * the JDK's own classes (arrays, strings, collections), which any of them may hold.
     */
    String growthByOwner(ServerHeap before, int per) {
        Map<String, Long> owners = new java.util.TreeMap<>();
        byClass.forEach((name, now) -> {
            long grew = now[1] - before.byClass.getOrDefault(name, new long[2])[1];
            owners.merge(owner(name), grew, Long::sum);
        });
        return owners.entrySet().stream()
                .filter(e -> Math.abs(e.getValue()) >= 8L * per)
                .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                .map(e -> String.format("    %+9.0f bytes per socket  %s", e.getValue() / (double) per, e.getKey()))
                .collect(Collectors.joining("\n"));
    }

    private static String owner(String className) {
        if (className.startsWith("org.glassfish.grizzly")) {
            return "Grizzly (HTTP, connections)";
        } else if (className.startsWith("org.apache.catalina")
                || className.startsWith("org.glassfish.web")
                || className.startsWith("com.sun.enterprise.web")
                || className.startsWith("org.apache.coyote")) {
            return "servlet container (Catalina)";
        } else if (className.startsWith("org.glassfish.tyrus")) {
            return "WebSocket (Tyrus)";
        } else if (className.startsWith("dev.parley")) {
            return "Parley";
        } else if (className.startsWith("java.")
                || className.startsWith("jdk.")
                || className.startsWith("sun.")
                || className.startsWith("[")) {
            return "JDK classes (arrays, strings, maps: held by any of the above)";
        }
        return "other: " + className.replaceAll("^((?:[a-z0-9_]+\\.){1,3}).*$", "$1");
    }

    /** The {@code top} classes that grew most from {@code before}, with instances and bytes per {@code per}. */
    String growthSince(ServerHeap before, int top, int per) {
        return byClass.entrySet().stream()
                .map(e -> {
                    long[] was = before.byClass.getOrDefault(e.getKey(), new long[2]);
                    return Map.entry(e.getKey(), new long[] {e.getValue()[0] - was[0], e.getValue()[1] - was[1]});
                })
                .sorted((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]))
                .limit(top)
                .map(e -> String.format(
                        "    %+9.2f objects %+9.0f bytes per socket  %s",
                        e.getValue()[0] / (double) per, e.getValue()[1] / (double) per, e.getKey()))
                .collect(Collectors.joining("\n"));
    }
}
