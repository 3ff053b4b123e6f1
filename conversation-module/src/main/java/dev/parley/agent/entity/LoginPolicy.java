package dev.parley.agent.entity;

import java.time.Duration;

/**
 * How failed logins back off: after {@code accountFailures} failures of one account (or
 * {@code addressFailures} from one client address) with no quiet {@code window} between them,
 * every further failure locks that account (address) for {@code firstLock}, doubling with each
 * lock up to {@code maxLock}. A quiet window forgets the failures and the locks.
 */
public record LoginPolicy(
        int accountFailures, int addressFailures, Duration window, Duration firstLock, Duration maxLock) {

    public static final LoginPolicy DEFAULT =
            new LoginPolicy(5, 20, Duration.ofMinutes(15), Duration.ofSeconds(1), Duration.ofMinutes(15));

    public LoginPolicy {
        if (accountFailures < 1 || addressFailures < 1) {
            throw new IllegalArgumentException("failure limits must be at least 1");
        }
        if (window.isNegative() || window.isZero() || firstLock.isNegative() || firstLock.isZero()) {
            throw new IllegalArgumentException("window and first lock must be positive");
        }
        if (maxLock.compareTo(firstLock) < 0) {
            throw new IllegalArgumentException("the longest lock must not be shorter than the first");
        }
    }

    /** The {@code n}th lock in a row (1-based): firstLock * 2^(n-1), at most maxLock. */
    public Duration lock(int n) {
        Duration lock = firstLock;
        for (int i = 1; i < n && lock.compareTo(maxLock) < 0; i++) {
            lock = lock.multipliedBy(2);
        }
        return lock.compareTo(maxLock) > 0 ? maxLock : lock;
    }
}
