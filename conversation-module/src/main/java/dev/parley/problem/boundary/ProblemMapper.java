package dev.parley.problem.boundary;

import dev.parley.metrics.control.Metrics;
import dev.parley.problem.entity.Problem;
import dev.parley.problem.entity.ProblemException;
import dev.parley.problem.entity.StorageBusy;
import dev.parley.problem.entity.StorageTimedOut;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Optional;

/** Turns a domain {@link ProblemException} into its problem+json answer. */
@Provider
public class ProblemMapper implements ExceptionMapper<ProblemException> {

    @Override
    public Response toResponse(ProblemException problem) {
        return answer(problem);
    }

    static Response answer(ProblemException problem) {
        if (problem.status() == 503) {
            unavailable(problem instanceof StorageTimedOut ? "lock_timeout" : "database");
        }
        return respond(problem);
    }

    /** The answer to a request refused by the bulkhead: too many at once, not the database. */
    static Response overloaded(StorageBusy problem) {
        unavailable("overload");
        return respond(problem);
    }

    /**
     * Counts a 503 answer ({@link Metrics#UNAVAILABLE}). JAX-RS creates the mappers, so the metrics
     * bean is looked up; without CDI (a unit test) nothing is counted.
     */
    static void unavailable(String cause) {
        metrics().ifPresent(metrics -> metrics.unavailable(cause));
    }

    static Optional<Metrics> metrics() {
        try {
            return Optional.of(CDI.current().select(Metrics.class).get());
        } catch (RuntimeException noContainer) {
            return Optional.empty();
        }
    }

    private static Response respond(ProblemException problem) {
        Response.ResponseBuilder response = Response.status(problem.status())
                .type(Problem.MEDIA_TYPE)
                .entity(ProblemJson.write(problem.toProblem()));
        if (problem.retryAfterSeconds() != null) {
            response.header(HttpHeaders.RETRY_AFTER, problem.retryAfterSeconds());
        }
        return response.build();
    }
}
