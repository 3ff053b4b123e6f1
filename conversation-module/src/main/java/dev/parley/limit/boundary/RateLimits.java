package dev.parley.limit.boundary;

import dev.parley.limit.control.RateCounter;
import dev.parley.limit.entity.Limit;
import dev.parley.limit.entity.RateLimited;
import dev.parley.limit.entity.VisitorLimit;
import dev.parley.metrics.control.Metrics;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * The visitor limits, asked by every public path before it does any work: a hit counts in the shared
 * counters whatever the request's outcome, and a request over a limit is answered {@code 429} with
 * {@code Retry-After} before it writes anything. Callers decide what an exceeded limit means for
 * them, because a retry of a write that already succeeded (a stored Idempotency-Key, a known echo id)
 * must still get its answer.
 */
@ApplicationScoped
public class RateLimits {

    @Inject
    Config config;

    @Inject
    RateCounter counter;

    @Inject
    Metrics metrics;

    private final Map<VisitorLimit, Limit> limits = new EnumMap<>(VisitorLimit.class);

    @PostConstruct
    void configure() {
        for (VisitorLimit limit : VisitorLimit.values()) {
            String spec = config.getOptionalValue("parley.limits." + limit.key(), String.class)
                    .orElse(limit.defaultSpec());
            Limit parsed = Limit.parse(limit.key(), spec);
            if (parsed != null) {
                limits.put(limit, parsed);
            }
        }
    }

    /** The limit as configured, empty when switched off. */
    public Optional<Limit> limit(VisitorLimit name) {
        return Optional.ofNullable(limits.get(name));
    }

    /** Counts one hit for each (limit, subject) pair; the first limit it exceeds, if any. */
    public Optional<RateLimited> hit(Map<VisitorLimit, String> subjects) {
        Instant now = Clock.systemUTC().instant();
        Map<String, Limit> byBucket = new LinkedHashMap<>();
        Map<String, Instant> windows = new LinkedHashMap<>();
        subjects.forEach((name, subject) -> {
            Limit limit = limits.get(name);
            if (limit != null && subject != null) {
                byBucket.put(limit.bucket(subject), limit);
                windows.put(limit.bucket(subject), limit.windowStart(now));
            }
        });
        if (windows.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Integer> hits = counter.hit(windows);
        Optional<Limit> exceeded = byBucket.entrySet().stream()
                .filter(bucket -> hits.getOrDefault(bucket.getKey(), 0)
                        > bucket.getValue().max())
                .map(Map.Entry::getValue)
                .findFirst();
        exceeded.ifPresent(limit -> metrics.rateLimited(limit.name()));
        return exceeded.map(limit -> new RateLimited(limit, limit.secondsLeft(now)));
    }

    /** Counts one hit and throws the 429 when a limit is exceeded. */
    public void check(Map<VisitorLimit, String> subjects) {
        Optional<RateLimited> exceeded = hit(subjects);
        if (exceeded.isPresent()) {
            throw exceeded.get();
        }
    }
}
