package dev.parley.agent.boundary;

import dev.parley.agent.control.LoginThrottles;
import dev.parley.agent.entity.LoginPolicy;
import dev.parley.audit.control.AuditLog;
import dev.parley.audit.entity.AuditEntry;
import dev.parley.metrics.control.Metrics;
import dev.parley.schema.control.Database;
import dev.parley.security.entity.Digests;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJBException;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Login throttling for every password login (console form and HTTP Basic alike): failures are
 * counted per account and per client address in the database, so every node sees the same
 * counts, and a subject past its limit is refused ({@link #refusal}) for a lock that doubles
 * with each further failure ({@link LoginPolicy}). Unknown user names are counted exactly like
 * known ones, so a lock says nothing about whether an account exists. A lock on one account or
 * address never slows another. Every lock is audited ({@code agent.login} / {@code locked}).
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Logins {

    @Inject
    @ConfigProperty(name = "parley.login.account-failures", defaultValue = "5")
    int accountFailures;

    @Inject
    @ConfigProperty(name = "parley.login.address-failures", defaultValue = "20")
    int addressFailures;

    @Inject
    @ConfigProperty(name = "parley.login.window", defaultValue = "PT15M")
    Duration window;

    @Inject
    @ConfigProperty(name = "parley.login.first-lock", defaultValue = "PT1S")
    Duration firstLock;

    @Inject
    @ConfigProperty(name = "parley.login.max-lock", defaultValue = "PT15M")
    Duration maxLock;

    @Inject
    LoginThrottles throttles;

    @Inject
    AuditLog audit;

    @Inject
    Metrics metrics;

    LoginPolicy policy;

    @PostConstruct
    void configure() {
        policy = new LoginPolicy(accountFailures, addressFailures, window, firstLock, maxLock);
    }

    /** How long a password login of {@code username} from {@code address} must still wait, if at all. */
    public Optional<Duration> refusal(String username, String address) {
        Optional<Duration> refused = lockFor(username, address);
        refused.ifPresent(lock -> metrics.rateLimited("login"));
        return refused;
    }

    private Optional<Duration> lockFor(String username, String address) {
        Instant now = Database.now();
        Optional<Duration> account = throttles.lockedFor(account(username), now);
        Optional<Duration> from = throttles.lockedFor(address(address), now);
        if (account.isPresent() && from.isPresent()) {
            return account.get().compareTo(from.get()) >= 0 ? account : from;
        }
        return account.isPresent() ? account : from;
    }

    /** Counts a failed password login; the lock now in force for it, if any (audited when it starts). */
    public Optional<Duration> failed(String username, String address, String requestId) {
        Optional<Duration> account = count(account(username), policy.accountFailures());
        Optional<Duration> from = count(address(address), policy.addressFailures());
        account.ifPresent(lock -> audit.recordAlone(new AuditEntry(
                "agent.login",
                "locked",
                "system",
                requestId,
                null,
                null,
                "account " + printable(username) + " locked for " + seconds(lock) + " s after failed logins (last from "
                        + printable(address) + ")")));
        from.ifPresent(lock -> audit.recordAlone(new AuditEntry(
                "agent.login",
                "locked",
                "system",
                requestId,
                null,
                null,
                "address " + printable(address) + " locked for " + seconds(lock) + " s after failed logins")));
        return lockFor(username, address);
    }

    /** A successful login forgets the account's failures (never the address's: one good account must not reset it). */
    public void succeeded(String username) {
        throttles.forget(account(username));
    }

    public LoginPolicy policy() {
        return policy;
    }

    private Optional<Duration> count(String subject, int limit) {
        try {
            return throttles.fail(subject, limit, policy);
        } catch (EJBException firstRowRace) {
            return throttles.fail(subject, limit, policy);
        }
    }

    static String account(String username) {
        return Digests.sha256Hex("account:" + username);
    }

    static String address(String address) {
        return Digests.sha256Hex("address:" + address);
    }

    static long seconds(Duration lock) {
        return Math.max(1, (lock.toMillis() + 999) / 1000);
    }

    private static final Pattern PRINTABLE = Pattern.compile("[A-Za-z0-9._@:\\[\\]-]{1,100}");

    /** A name from a request as the audit log may show it: as is when it looks like one, else a mark. */
    static String printable(String name) {
        return name != null && PRINTABLE.matcher(name).matches() ? "'" + name + "'" : "(a malformed name)";
    }
}
