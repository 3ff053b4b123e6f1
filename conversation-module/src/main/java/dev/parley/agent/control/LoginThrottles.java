package dev.parley.agent.control;

import dev.parley.agent.entity.LoginPolicy;
import dev.parley.agent.entity.LoginThrottle;
import dev.parley.schema.control.Database;
import jakarta.ejb.Schedule;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Keeps {@link LoginThrottle} rows: a failure counts under a row lock in its own transaction (so
 * two nodes counting the same subject never lose one, and the count survives the login's own
 * rollback); a success forgets the account; quiet rows are deleted every ten minutes.
 */
@Stateless
public class LoginThrottles {

    /** A row quiet (no failure, no lock) this long is forgotten; longer than any sensible window. */
    static final Duration QUIET = Duration.ofHours(24);

    @PersistenceContext
    EntityManager em;

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<Duration> lockedFor(String subjectHash, Instant now) {
        LoginThrottle throttle = em.find(LoginThrottle.class, subjectHash);
        return throttle == null ? Optional.empty() : throttle.lockedFor(now);
    }

    /** Counts a failure; the lock it starts, if any. A first row inserted by two nodes at once fails one: retry. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public Optional<Duration> fail(String subjectHash, int limit, LoginPolicy policy) {
        Instant now = Database.now();
        LoginThrottle throttle = em.find(LoginThrottle.class, subjectHash, LockModeType.PESSIMISTIC_WRITE);
        if (throttle == null) {
            throttle = new LoginThrottle(subjectHash, now);
            em.persist(throttle);
        }
        Optional<Duration> lock = throttle.fail(now, limit, policy);
        em.flush();
        return lock;
    }

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void forget(String subjectHash) {
        LoginThrottle throttle = em.find(LoginThrottle.class, subjectHash);
        if (throttle != null) {
            em.remove(throttle);
        }
    }

    @Schedule(minute = "*/10", hour = "*", persistent = false)
    public void deleteQuiet() {
        em.createNamedQuery(LoginThrottle.DELETE_QUIET)
                .setParameter("quietSince", Database.now().minus(QUIET))
                .executeUpdate();
    }
}
