package dev.parley.limit.entity;

import dev.parley.problem.entity.ProblemException;
import java.util.List;

/** A request over one of the visitor limits: {@code 429} with {@code Retry-After}; nothing was written. */
public class RateLimited extends ProblemException {

    public RateLimited(Limit limit, long retryAfterSeconds) {
        super(
                429,
                "rate-limited",
                "Too many requests",
                "Too many attempts; please wait " + retryAfterSeconds + " s (limit " + limit.name() + ": " + limit.max()
                        + " per " + limit.window().toString().substring(2).toLowerCase() + ").",
                List.of(),
                (int) Math.min(Integer.MAX_VALUE, retryAfterSeconds));
    }
}
