package dev.parley.agent.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The failed logins of one subject (an account or a client address), as a row every node shares.
 * The back-off rule lives here ({@link #fail}); {@code LoginThrottles} only locks the row and saves
 * it. A subject is named by the SHA-256 of {@code account:<name>} or {@code address:<ip>}.
 */
@Entity
@Table(name = "login_throttle")
@NamedQuery(
        name = LoginThrottle.DELETE_QUIET,
        query = "delete from LoginThrottle t where t.lastFailureAt < :quietSince"
                + " and (t.lockedUntil is null or t.lockedUntil < :quietSince)")
public class LoginThrottle {

    public static final String DELETE_QUIET = "LoginThrottle.deleteQuiet";

    @Id
    @Column(name = "subject_hash")
    private String subjectHash;

    private int failures;

    private int locks;

    @Column(name = "last_failure_at")
    private Instant lastFailureAt;

    @Column(name = "locked_until")
    private Instant lockedUntil;

    protected LoginThrottle() {}

    public LoginThrottle(String subjectHash, Instant now) {
        this.subjectHash = subjectHash;
        this.lastFailureAt = now;
    }

    /** How long this subject must still wait at {@code now}, if at all. */
    public Optional<Duration> lockedFor(Instant now) {
        return lockedUntil != null && lockedUntil.isAfter(now)
                ? Optional.of(Duration.between(now, lockedUntil))
                : Optional.empty();
    }

    /**
     * Counts one failure at {@code now} against {@code limit}; returns the lock it starts, if any.
     * A quiet {@code window} after the last failure and the last lock starts the count afresh, so
     * a lock as long as the window does not reset the growth by itself.
     */
    public Optional<Duration> fail(Instant now, int limit, LoginPolicy policy) {
        Instant lastActivity = lockedUntil != null && lockedUntil.isAfter(lastFailureAt) ? lockedUntil : lastFailureAt;
        if (lastActivity.plus(policy.window()).isBefore(now)) {
            failures = 0;
            locks = 0;
        }
        failures++;
        lastFailureAt = now;
        if (failures < limit) {
            return Optional.empty();
        }
        locks++;
        Duration lock = policy.lock(locks);
        lockedUntil = now.plus(lock);
        return Optional.of(lock);
    }

    public int getFailures() {
        return failures;
    }

    public int getLocks() {
        return locks;
    }
}
