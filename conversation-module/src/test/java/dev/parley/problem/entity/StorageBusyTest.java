package dev.parley.problem.entity;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ejb.EJBException;
import jakarta.persistence.PersistenceException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class StorageBusyTest {

    private static Throwable failure(String sqlState) {
        return new EJBException(new PersistenceException(new SQLException("x", sqlState)));
    }

    @Test
    void aTimeoutIsNotRetriedAtOnce() {
        assertThat(StorageBusy.of(failure("55P03"), "busy")).get().isInstanceOf(StorageTimedOut.class)
                .extracting(ProblemException::status).isEqualTo(503);
    }

    @Test
    void otherTransientFailuresMayBeRetried() {
        assertThat(StorageBusy.of(failure("40P01"), "busy")).get().isExactlyInstanceOf(StorageBusy.class);
    }

    @Test
    void aCommitThatLostItsDatabaseSaysItsOutcomeIsUnknown() {
        Throwable commit = new EJBException(new jakarta.transaction.SystemException("connection terminated"));
        assertThat(StorageBusy.of(commit, "nothing was written")).get().isExactlyInstanceOf(StorageBusy.class)
                .extracting(Throwable::getMessage).isEqualTo(StorageBusy.OUTCOME_UNKNOWN);
    }

    @Test
    void aProgrammingErrorIsNoStorageProblem() {
        assertThat(StorageBusy.of(failure("42601"), "busy")).isEmpty();
    }
}
