package dev.parley.metrics.control;

import jakarta.enterprise.inject.spi.CDI;
import jakarta.enterprise.util.AnnotationLiteral;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.logging.Logger;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;
import org.eclipse.microprofile.metrics.annotation.RegistryType;

/**
 * {@link Meters} on MicroProfile Metrics' application registry. Not a CDI bean, and the only class
 * that names MicroProfile Metrics types: {@link Metrics} loads it only after it found the API, so a
 * server without it (WildFly) never resolves them.
 */
final class MicroProfileMeters implements Meters {

    private static final Logger LOG = Logger.getLogger(MicroProfileMeters.class.getName());

    private final MetricRegistry registry;

    /**
     * The counters and timers by name and labels, so that counting is a map lookup: the registry builds and
     * validates a {@link Tag} per label on every call (its name checked by a regular expression), the busiest
     * method of the start path's profile (docs/BENCHMARKS.md, "where a start's time goes").
     */
    private final Map<List<String>, Counter> counters = new ConcurrentHashMap<>();

    private final Map<List<String>, Timer> timers = new ConcurrentHashMap<>();

    private MicroProfileMeters(MetricRegistry registry) {
        this.registry = registry;
    }

    /** The application registry, when this runtime's CDI container offers one. */
    static Optional<Meters> find() {
        try {
            var registries = CDI.current().select(MetricRegistry.class, new ApplicationRegistry());
            if (registries.isResolvable()) {
                return Optional.of(new MicroProfileMeters(registries.get()));
            }
            LOG.info("no MicroProfile Metrics registry in this runtime: Parley's metrics are off");
        } catch (RuntimeException | LinkageError absent) {
            LOG.info("no MicroProfile Metrics registry to use: Parley's metrics are off (" + absent + ")");
        }
        return Optional.empty();
    }

    /**
     * The application registry's qualifier. Payara 6 produces the unqualified (MP Metrics 5) registry from
     * its injection point's {@code @RegistryScope}, which a programmatic lookup has none of (it fails with
     * a NullPointerException), so the registry is asked for by MP Metrics 4's {@code @RegistryType},
     * which MP Metrics 5.1 still has and Payara still produces.
     */
    @SuppressWarnings("all")
    private static final class ApplicationRegistry extends AnnotationLiteral<RegistryType> implements RegistryType {

        @Override
        public MetricRegistry.Type type() {
            return MetricRegistry.Type.APPLICATION;
        }
    }

    @Override
    public void add(String name, String help, long amount, String... labels) {
        counters.computeIfAbsent(
                        key(name, labels),
                        key -> registry.counter(metadata(name, help, MetricUnits.NONE), tags(labels)))
                .inc(amount);
    }

    @Override
    public void observe(String name, String help, Duration duration, String... labels) {
        timers.computeIfAbsent(
                        key(name, labels),
                        key -> registry.timer(metadata(name, help, MetricUnits.SECONDS), tags(labels)))
                .update(duration);
    }

    @Override
    public void gauge(String name, String help, Supplier<? extends Number> value, String... labels) {
        registry.gauge(metadata(name, help, MetricUnits.NONE), value::get, tags(labels));
    }

    private static List<String> key(String name, String... labels) {
        String[] key = new String[labels.length + 1];
        key[0] = name;
        System.arraycopy(labels, 0, key, 1, labels.length);
        return Arrays.asList(key);
    }

    private static Metadata metadata(String name, String help, String unit) {
        return Metadata.builder()
                .withName(name)
                .withDescription(help)
                .withUnit(unit)
                .build();
    }

    private static Tag[] tags(String... labels) {
        Tag[] tags = new Tag[labels.length / 2];
        for (int i = 0; i < tags.length; i++) {
            tags[i] = new Tag(labels[2 * i], labels[2 * i + 1]);
        }
        return tags;
    }
}
