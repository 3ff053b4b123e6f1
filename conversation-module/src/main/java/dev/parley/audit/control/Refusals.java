package dev.parley.audit.control;

import dev.parley.audit.entity.AuditEntry;
import dev.parley.metrics.control.Metrics;
import dev.parley.problem.control.StorageProblems;
import dev.parley.problem.entity.ProblemException;
import dev.parley.problem.entity.StorageBusy;
import dev.parley.problem.entity.StorageTimedOut;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The one way a refused or failed write becomes its answer, for every service that writes (start,
 * messages, status, merge, unmerge). The write runs in a transaction of its own ({@link WriteTransaction})
 * that has ended, and given its connection back, before anything is recorded: a {@link ProblemException}
 * (a 4xx of the rules, or a 503 of the database) is recorded in the audit log in another transaction and
 * thrown on; a transient database failure becomes the 503 that {@link StorageProblems#of} makes of it,
 * recorded the same way; anything else is a bug and is thrown unchanged. When the database that refused
 * the write refuses the audit entry too, the answer stands without it.
 *
 * <p>Callers must not hold a transaction of their own ({@code NOT_SUPPORTED}): a refusal recorded while
 * the refused write still held its connection needs a second one, and a burst of lock timeouts (fifty
 * merges racing) then holds the whole pool waiting for itself until the pool's wait runs out.
 * {@link #audited} refuses to run inside a transaction, so that mistake fails the first test that makes it.
 */
@ApplicationScoped
public class Refusals {

    @Inject
    AuditLog audit;

    @Inject
    WriteTransaction transaction;

    @Inject
    Metrics metrics;

    @Resource
    TransactionSynchronizationRegistry transactions;

    /**
     * Runs {@code write}; {@code busyDetail} tells the client what a 503 means for this write, and
     * {@code entry} describes a refusal for the audit log.
     */
    public <T> T audited(Supplier<T> write, String busyDetail, Function<ProblemException, AuditEntry> entry) {
        if (transactions.getTransactionStatus() != Status.STATUS_NO_TRANSACTION) {
            throw new IllegalStateException("Refusals.audited runs the write in its own transaction; call it"
                    + " from a method that has none (TransactionAttributeType.NOT_SUPPORTED)");
        }
        try {
            return transaction.run(write);
        } catch (ProblemException problem) {
            throw recorded(problem, entry);
        } catch (RuntimeException failure) {
            StorageBusy busy = StorageProblems.of(failure, busyDetail).orElseThrow(() -> failure);
            if (busy instanceof StorageTimedOut) {
                metrics.lockTimedOut();
            }
            throw recorded(busy, entry);
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
