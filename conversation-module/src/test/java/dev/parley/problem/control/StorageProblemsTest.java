package dev.parley.problem.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.problem.entity.ProblemException;
import dev.parley.problem.entity.StorageBusy;
import dev.parley.problem.entity.StorageTimedOut;
import jakarta.ejb.EJBException;
import jakarta.persistence.PersistenceException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class StorageProblemsTest {

    private static Throwable failure(String sqlState) {
        return new EJBException(new PersistenceException(new SQLException("x", sqlState)));
    }

    @Test
    void aTimeoutIsNotRetriedAtOnce() {
        assertThat(StorageProblems.of(failure("55P03"), "busy"))
                .get()
                .isInstanceOf(StorageTimedOut.class)
                .extracting(ProblemException::status)
                .isEqualTo(503);
    }

    @Test
    void otherTransientFailuresMayBeRetried() {
        assertThat(StorageProblems.of(failure("40P01"), "busy")).get().isExactlyInstanceOf(StorageBusy.class);
    }

    @Test
    void aCommitThatLostItsDatabaseSaysItsOutcomeIsUnknown() {
        Throwable commit = new EJBException(new jakarta.transaction.SystemException("connection terminated"));
        assertThat(StorageProblems.of(commit, "nothing was written"))
                .get()
                .isExactlyInstanceOf(StorageBusy.class)
                .extracting(Throwable::getMessage)
                .isEqualTo(StorageBusy.OUTCOME_UNKNOWN);
    }

    @Test
    void aProgrammingErrorIsNoStorageProblem() {
        assertThat(StorageProblems.of(failure("42601"), "busy")).isEmpty();
    }
}
