package dev.parley.schema.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Bounds how long one transaction may wait for a row lock or a statement, on whichever database
 * the platform gives us, and recognizes the failures that mean "busy, retry" rather than "bug".
 */
@ApplicationScoped
public class Database {

    @Resource(lookup = "java:comp/DefaultDataSource")
    DataSource dataSource;

    @Inject
    @ConfigProperty(name = "parley.db.lock-timeout", defaultValue = "PT5S")
    Duration lockTimeout;

    @Inject
    @ConfigProperty(name = "parley.db.statement-timeout", defaultValue = "PT10S")
    Duration statementTimeout;

    private volatile Boolean postgres;

    /** Now, at the precision both databases store (microseconds), so an answer equals its stored replay. */
    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    /** Applies the lock and statement timeouts to the current transaction. */
    public void boundWaits(EntityManager em) {
        if (isPostgres()) {
            em.createNativeQuery(
                            "select set_config('lock_timeout', ?1, true), set_config('statement_timeout', ?2, true)")
                    .setParameter(1, lockTimeout.toMillis() + "ms")
                    .setParameter(2, statementTimeout.toMillis() + "ms")
                    .getSingleResult();
        } else {
            em.createNativeQuery("SET LOCK_TIMEOUT " + lockTimeout.toMillis()).executeUpdate();
        }
    }

    public boolean isPostgres() {
        if (postgres == null) {
            try (Connection connection = dataSource.getConnection()) {
                postgres = connection
                        .getMetaData()
                        .getDatabaseProductName()
                        .toLowerCase()
                        .contains("postgres");
            } catch (SQLException e) {
                throw new IllegalStateException("database unreachable", e);
            }
        }
        return postgres;
    }

    /**
     * True for lock and statement timeouts, deadlocks, serialization failures, lost connections, a
     * pool that cannot hand out a connection (a restarting database) and unique-constraint races:
     * the transaction changed nothing and the request may run again. Also for a transaction
     * manager that lost its database in the middle of a commit ({@code SystemException}, say from
     * "terminating connection due to administrator command"): then nobody knows whether the commit
     * happened, and running the request again is safe only because writes carry their key (the
     * start's Idempotency-Key, a message's echo id), which turns a commit that did happen into a
     * replay.
     */
    public static boolean isTransient(Throwable failure) {
        return anyCause(
                failure,
                cause -> isTimeoutCause(cause)
                        || cause instanceof jakarta.persistence.PessimisticLockException
                        || cause instanceof jakarta.resource.ResourceException
                        || isLostCommitCause(cause)
                        || cause instanceof java.sql.SQLTransientException
                        || cause instanceof java.sql.SQLRecoverableException
                        || cause instanceof SQLException sql && isRetryableState(sql.getSQLState()));
    }

    /**
     * True when the database went away while the container committed (a subset of {@link #isTransient}):
     * the write may or may not have been applied.
     */
    public static boolean isCommitOutcomeUnknown(Throwable failure) {
        return anyCause(failure, Database::isLostCommitCause);
    }

    /** True when the transaction waited out a lock or statement timeout (a subset of {@link #isTransient}). */
    public static boolean isTimeout(Throwable failure) {
        return anyCause(failure, Database::isTimeoutCause);
    }

    private static boolean anyCause(Throwable failure, Predicate<Throwable> test) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (test.test(cause)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isTimeoutCause(Throwable cause) {
        return cause instanceof jakarta.persistence.LockTimeoutException
                || cause instanceof jakarta.persistence.QueryTimeoutException
                || cause instanceof java.sql.SQLTimeoutException
                || cause instanceof SQLException sql
                        && sql.getSQLState() != null
                        && (sql.getSQLState().equals("55P03") // lock_not_available
                                || sql.getSQLState().equals("57014") // query_canceled (statement timeout)
                                || sql.getSQLState().equals("HYT00")); // H2 lock timeout
    }

    /** The transaction manager lost its database during the commit: the outcome is unknown. */
    private static boolean isLostCommitCause(Throwable cause) {
        return cause instanceof jakarta.transaction.SystemException;
    }

    /** The SQL states other than timeouts after which the transaction changed nothing. */
    private static boolean isRetryableState(String state) {
        if (state == null) {
            return false;
        }
        return state.equals("40001") // serialization_failure; H2 deadlock
                || state.equals("40P01") // deadlock_detected
                || state.equals("23505") // unique_violation: another transaction won a race
                || state.equals("23503") // foreign_key_violation: a row vanished under a race
                || state.startsWith("08") // connection exceptions
                || state.equals("57P01") // admin_shutdown
                || state.equals("23001"); // H2 older unique violation
    }
}
