package dev.parley.audit.control;

import dev.parley.audit.entity.AuditEntry;
import dev.parley.problem.control.StorageProblems;
import dev.parley.problem.entity.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The one way a refused or failed write becomes its answer, for every service that writes (start,
 * messages, status, merge, unmerge). A {@link ProblemException} (a 4xx of the rules, or a 503 of the
 * database) is recorded in the audit log in a transaction of its own, since the write itself rolled
 * back, and thrown on; a transient database failure becomes the 503 that {@link StorageProblems#of} makes of
 * it, recorded the same way; anything else is a bug and is thrown unchanged. When the database that
 * refused the write refuses the audit entry too, the answer stands without it.
 */
@ApplicationScoped
public class Refusals {

    @Inject
    AuditLog audit;

    /**
     * Runs {@code write}; {@code busyDetail} tells the client what a 503 means for this write, and
     * {@code entry} describes a refusal for the audit log.
     */
    public <T> T audited(Supplier<T> write, String busyDetail, Function<ProblemException, AuditEntry> entry) {
        try {
            return write.get();
        } catch (ProblemException problem) {
            throw recorded(problem, entry);
        } catch (RuntimeException failure) {
            throw recorded(StorageProblems.of(failure, busyDetail).orElseThrow(() -> failure), entry);
        }
    }

    /** Records a refusal that was decided before any write began. */
    public ProblemException recorded(ProblemException problem, Function<ProblemException, AuditEntry> entry) {
        try {
            audit.recordAlone(entry.apply(problem));
        } catch (RuntimeException auditUnavailable) {
            // the database that refused the write may refuse the audit entry too; the answer stands
        }
        return problem;
    }

    /** How a refusal reads in the audit log's detail: status, problem type and message. */
    public static String describe(ProblemException problem) {
        return problem.status() + " " + problem.toProblem().type() + ": " + problem.getMessage();
    }
}
