package dev.parley.problem.boundary;

import dev.parley.metrics.control.Metrics;
import dev.parley.problem.control.StorageProblems;
import dev.parley.problem.entity.Problem;
import dev.parley.problem.entity.ProblemException;
import dev.parley.problem.entity.StorageBusy;
import dev.parley.problem.entity.StorageTimedOut;
import jakarta.ejb.EJBException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;

/**
 * The last line: unwraps container wrappers to find a problem the client can act on, maps an
 * exhausted bulkhead and an unavailable database (restart, lost connection, timeout) to 503 with
 * Retry-After, and answers anything else with an opaque 500 whose incident id is in
 * the log. No stack trace ever reaches a client.
 */
@Provider
public class UnexpectedProblemMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(UnexpectedProblemMapper.class.getName());

    @Override
    public Response toResponse(Throwable exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof ProblemException problem) {
                return ProblemMapper.answer(problem);
            }
            if (cause instanceof WebApplicationException web) {
                return new WebApplicationProblemMapper().toResponse(web);
            }
            if (cause instanceof BulkheadException) {
                return ProblemMapper.overloaded(new StorageBusy("Too many requests at once; try again shortly."));
            }
            if (cause instanceof EJBException && cause.getCause() == null) {
                break;
            }
        }
        Optional<StorageBusy> busy = StorageProblems.of(exception, "The database is unavailable; try again shortly.");
        if (busy.isPresent()) {
            // a restarted or unreachable database, a lock or statement timeout: nothing was written,
            // unless the database went away during the commit, which the detail then says
            LOG.log(Level.WARNING, "database unavailable, answered 503: " + exception);
            if (busy.get() instanceof StorageTimedOut) {
                ProblemMapper.metrics().ifPresent(Metrics::lockTimedOut);
            }
            return ProblemMapper.answer(busy.get());
        }
        String incident = UUID.randomUUID().toString();
        LOG.log(Level.SEVERE, "incident " + incident, exception);
        return Response.serverError()
                .type(Problem.MEDIA_TYPE)
                .entity(ProblemJson.write(new Problem(
                        "about:blank",
                        "Internal Server Error",
                        500,
                        "Something went wrong on our side (incident " + incident + ").",
                        null)))
                .build();
    }
}
