package dev.parley.metrics.control;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Where {@link Metrics} records: MicroProfile Metrics' application registry where the runtime has one
 * ({@link MicroProfileMeters}: Payara Micro and Payara Server), {@link #NONE} where it has none (WildFly,
 * which ships Micrometer instead), so the same EAR deploys on both. Two implementations, hence the
 * interface.
 */
interface Meters {

    /** Counts nothing: the runtime has no MicroProfile Metrics. */
    Meters NONE = new Meters() {
        @Override
        public void add(String name, String help, long amount, String... labels) {}

        @Override
        public void observe(String name, String help, Duration duration, String... labels) {}

        @Override
        public void gauge(String name, String help, Supplier<? extends Number> value, String... labels) {}
    };

    /**
     * Adds {@code amount} to the counter {@code name} ({@code _total} is appended in the Prometheus text);
     * 0 creates the series. {@code labels} are name, value, name, value...
     */
    void add(String name, String help, long amount, String... labels);

    /** Adds one duration to the timer {@code name} (exported in seconds). */
    void observe(String name, String help, Duration duration, String... labels);

    /** Reads {@code value} at every scrape. */
    void gauge(String name, String help, Supplier<? extends Number> value, String... labels);
}
