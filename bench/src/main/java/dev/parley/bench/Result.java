package dev.parley.bench;

import java.util.Arrays;

/** One scenario's outcome: how many operations succeeded or failed in how long, and their latencies. */
public record Result(String scenario, int concurrency, long ok, long failed, double seconds, long[] latencyNanos) {

    /** The same figures under another scenario name. */
    public Result named(String name) {
        return new Result(name, concurrency, ok, failed, seconds, latencyNanos);
    }

    public double perSecond() {
        return seconds == 0 ? 0 : ok / seconds;
    }

    public double percentileMillis(double percentile) {
        if (latencyNanos.length == 0) {
            return Double.NaN;
        }
        long[] sorted = latencyNanos.clone();
        Arrays.sort(sorted);
        int index = (int) Math.min(sorted.length - 1, Math.ceil(percentile / 100.0 * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1_000_000.0;
    }

    public String row() {
        return String.format(
                "%-34s %6d %9d %7d %10.1f %9.2f %9.2f %9.2f",
                scenario,
                concurrency,
                ok,
                failed,
                perSecond(),
                percentileMillis(50),
                percentileMillis(99),
                percentileMillis(99.9));
    }

    public static String header() {
        return String.format(
                "%-34s %6s %9s %7s %10s %9s %9s %9s",
                "scenario", "conc", "ok", "failed", "ops/s", "p50 ms", "p99 ms", "p99.9 ms");
    }
}
