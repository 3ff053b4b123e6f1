package dev.parley.bench;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * {@code java dev.parley.bench.Profile parley.jfr}: where the server's CPU went during a profiled bench run
 * ({@code BENCH_PROFILE=1 bench/run}). Each execution sample is charged to the layer of its innermost frame
 * that is not the JDK's own (a {@code HashMap.get} called by Hibernate is Hibernate's time), and the table
 * lists the layers (HTTP, JAX-RS, CDI, EJB, transactions, Hibernate, the JDBC driver, JSON, Parley) with their
 * share, then the busiest methods by the same rule.
 */
public final class Profile {

    /** Package prefixes to layers, the first match wins: more specific prefixes first. */
    private static final Map<String, String> LAYERS = new LinkedHashMap<>();

    static {
        LAYERS.put("dev.parley.", "Parley");
        LAYERS.put("org.hibernate.", "Hibernate ORM");
        LAYERS.put("net.bytebuddy.", "Hibernate ORM");
        LAYERS.put("org.postgresql.", "JDBC driver (pgjdbc)");
        LAYERS.put("com.sun.gjc.", "connection pool (Payara JDBC)");
        LAYERS.put("com.sun.enterprise.resource.", "connection pool (Payara JDBC)");
        LAYERS.put("com.sun.enterprise.transaction.", "transactions (JTA)");
        LAYERS.put("com.sun.jts.", "transactions (JTA)");
        LAYERS.put("org.glassfish.jersey.", "JAX-RS (Jersey)");
        LAYERS.put("org.jvnet.hk2.", "JAX-RS (Jersey)"); // Jersey's own injection, per request
        LAYERS.put("org.glassfish.hk2.", "JAX-RS (Jersey)");
        LAYERS.put("org.jboss.weld.", "CDI (Weld)");
        LAYERS.put("com.sun.ejb.", "EJB container");
        LAYERS.put("org.glassfish.ejb.", "EJB container");
        LAYERS.put("org.glassfish.grizzly.", "HTTP (Grizzly)");
        LAYERS.put("org.apache.catalina.", "servlets (Catalina)");
        LAYERS.put("org.apache.coyote.", "servlets (Catalina)");
        LAYERS.put("org.glassfish.tyrus.", "WebSocket (Tyrus)");
        LAYERS.put("org.eclipse.parsson.", "JSON");
        LAYERS.put("org.eclipse.yasson.", "JSON");
        LAYERS.put("jakarta.json.", "JSON");
        LAYERS.put("org.glassfish.soteria.", "security (Soteria)");
        LAYERS.put("com.hazelcast.", "Hazelcast");
        LAYERS.put("io.smallrye.", "MicroProfile (Metrics, Fault Tolerance, Config)");
        LAYERS.put("fish.payara.microprofile.", "MicroProfile (Metrics, Fault Tolerance, Config)");
        LAYERS.put("fish.payara.", "Payara (other)");
        LAYERS.put("com.sun.enterprise.", "Payara (other)");
        LAYERS.put("org.glassfish.", "Payara (other)");
    }

    private Profile() {}

    public static void main(String[] args) throws Exception {
        Map<String, Long> byLayer = new HashMap<>();
        Map<String, Long> byMethod = new HashMap<>();
        Map<String, Long> byPackage = new HashMap<>();
        long total = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
                continue;
            }
            RecordedStackTrace stack = event.getStackTrace();
            if (stack == null) {
                continue;
            }
            total++;
            RecordedFrame charged = chargedFrame(stack.getFrames());
            String layer = charged == null ? "JDK only (no caller above it)" : layer(typeOf(charged));
            byLayer.merge(layer, 1L, Long::sum);
            if (charged != null) {
                byMethod.merge(typeOf(charged) + "." + charged.getMethod().getName(), 1L, Long::sum);
                byPackage.merge(packageOf(typeOf(charged)), 1L, Long::sum);
            }
        }
        System.out.printf("execution samples: %d%n%n", total);
        System.out.println("| layer (innermost non-JDK frame) | samples | share |");
        System.out.println("| --- | ---: | ---: |");
        print(byLayer, total, 30);
        System.out.println();
        System.out.println("| busiest methods (same rule) | samples | share |");
        System.out.println("| --- | ---: | ---: |");
        print(byMethod, total, 25);
        System.out.println();
        System.out.println("| busiest packages (first three names, same rule) | samples | share |");
        System.out.println("| --- | ---: | ---: |");
        print(byPackage, total, 25);
    }

    private static String packageOf(String type) {
        String[] names = type.split("\\.");
        return String.join(".", java.util.Arrays.copyOf(names, Math.min(3, names.length - 1)));
    }

    private static RecordedFrame chargedFrame(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            if (frame.isJavaFrame() && !isJdk(typeOf(frame))) {
                return frame;
            }
        }
        return null;
    }

    private static String typeOf(RecordedFrame frame) {
        return frame.getMethod().getType().getName();
    }

    private static boolean isJdk(String type) {
        return type.startsWith("java.")
                || type.startsWith("javax.")
                || type.startsWith("jdk.")
                || type.startsWith("sun.")
                || type.startsWith("com.sun.proxy.")
                || type.startsWith("com.sun.crypto.");
    }

    static String layer(String type) {
        // classes generated into Parley's packages belong to whoever generated them
        if (type.contains("$Proxy$_$$_Weld")) {
            return "CDI (Weld)";
        }
        if (type.contains("__EJB31_Generated__") || type.endsWith("_Wrapper")) {
            return "EJB container";
        }
        if (type.contains("$HibernateProxy$") || type.contains("$HibernateAccessOptimizer$")) {
            return "Hibernate ORM";
        }
        for (Map.Entry<String, String> layer : LAYERS.entrySet()) {
            if (type.startsWith(layer.getKey())) {
                return layer.getValue();
            }
        }
        return "other libraries";
    }

    private static void print(Map<String, Long> counts, long total, int limit) {
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(limit)
                .forEach(row -> System.out.printf(
                        "| %s | %d | %.1f %% |%n", row.getKey(), row.getValue(), 100.0 * row.getValue() / total));
    }
}
