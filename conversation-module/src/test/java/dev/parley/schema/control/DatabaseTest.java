package dev.parley.schema.control;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ejb.EJBException;
import jakarta.persistence.PersistenceException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class DatabaseTest {

    @Test
    void lockAndStatementTimeoutsDeadlocksAndRacesAreTransient() {
        for (String state : new String[] {"55P03", "57014", "40001", "40P01", "23505", "08006", "HYT00"}) {
            Throwable wrapped = new EJBException(new PersistenceException(new SQLException("x", state)));
            assertThat(Database.isTransient(wrapped)).as(state).isTrue();
        }
    }

    @Test
    void onlyWaitsThatTimedOutAreTimeouts() {
        for (String state : new String[] {"55P03", "57014", "HYT00"}) {
            assertThat(Database.isTimeout(new EJBException(new PersistenceException(new SQLException("x", state)))))
                    .as(state)
                    .isTrue();
        }
        assertThat(Database.isTimeout(new EJBException(new jakarta.persistence.LockTimeoutException("lock"))))
                .isTrue();
        for (String state : new String[] {"40001", "40P01", "23505", "08006"}) {
            assertThat(Database.isTimeout(new EJBException(new PersistenceException(new SQLException("x", state)))))
                    .as(state)
                    .isFalse();
        }
    }

    @Test
    void aPoolThatCannotConnectIsTransient() {
        Throwable pool = new EJBException(new PersistenceException(new SQLException(
                "Error in allocating a connection",
                new jakarta.resource.spi.ResourceAllocationException("Connection could not be allocated"))));
        assertThat(Database.isTransient(pool)).isTrue();
    }

    /** As seen in the postgres-restart drill: the connection was terminated while the container committed. */
    @Test
    void aCommitThatLostItsDatabaseIsTransient() {
        Throwable commit = new EJBException(
                new jakarta.transaction.SystemException(
                        "javax.transaction.xa.XAException: jakarta.resource.spi.LocalTransactionException: FATAL: terminating connection due to administrator command"));
        assertThat(Database.isTransient(commit)).isTrue();
        assertThat(Database.isTimeout(commit)).isFalse();
    }

    @Test
    void programmingErrorsAreNot() {
        assertThat(Database.isTransient(new EJBException(new SQLException("syntax", "42601"))))
                .isFalse();
        assertThat(Database.isTransient(new IllegalStateException("bug"))).isFalse();
    }

    @Test
    void nowHasTheDatabasesPrecision() {
        assertThat(Database.now().getNano() % 1000).isZero();
    }
}
