package dev.parley.agent.control;

import dev.parley.agent.entity.Agent;
import dev.parley.agent.entity.Role;
import dev.parley.schema.control.Database;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Status;
import jakarta.transaction.SystemException;
import jakarta.transaction.UserTransaction;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The first admin, user {@code admin}. At the first start its password is
 * {@code parley.admin-password} ({@code PARLEY_ADMIN_PASSWORD}) or, without one, generated (160
 * random bits) and printed once. Later starts never print it again; a configured password
 * replaces the admin's password only while that is still the generated one, and otherwise the
 * start says it was ignored. A configured password shorter than {@value #PASSWORD_MIN} characters
 * is refused, loudly. A configured password is never logged. Nodes starting together race on the
 * unique username; the loser sees the winner's admin and prints nothing.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
@TransactionManagement(TransactionManagementType.BEAN)
public class FirstAdmin {

    private static final Logger LOG = Logger.getLogger(FirstAdmin.class.getName());
    static final String USERNAME = "admin";
    static final int PASSWORD_MIN = 12;
    static final String HOW_TO_CHANGE = "change it on the console's Agents page (/admin/agents.xhtml) or with"
            + " PUT /admin/api/v1/agents/me/password";

    @PersistenceContext
    EntityManager em;

    @Resource
    UserTransaction transaction;

    @PostConstruct
    void ensure() {
        Optional<String> configured = ConfigProvider.getConfig()
                .getOptionalValue("parley.admin-password", String.class)
                .filter(p -> !p.isBlank());
        Optional<String> usable = configured.filter(p -> p.length() >= PASSWORD_MIN);
        if (configured.isPresent() && usable.isEmpty()) {
            LOG.severe("PARLEY_ADMIN_PASSWORD (parley.admin-password) is shorter than " + PASSWORD_MIN
                    + " characters and was refused; Parley ignores it.");
        }
        if (agents() > 0) {
            usable.ifPresentOrElse(this::applyConfigured, this::remind);
            return;
        }
        String password = usable.orElseGet(FirstAdmin::generated);
        Agent admin = new Agent(USERNAME, "Admin", PasswordHashes.hash(password), Role.ADMIN, Database.now());
        admin.changePassword(admin.getPasswordHash(), usable.isEmpty());
        try {
            transaction.begin();
            em.persist(admin);
            transaction.commit();
        } catch (Exception lostTheRace) {
            rollbackQuietly();
            if (agents() > 0) {
                LOG.info("Another node created the first admin.");
                return;
            }
            throw new IllegalStateException("cannot create the first admin", lostTheRace);
        }
        if (usable.isPresent()) {
            LOG.info("Parley created the first admin 'admin' with the configured password.");
        } else {
            LOG.warning("Parley created the first admin: user 'admin', password '" + password
                    + "' (shown only this once; " + HOW_TO_CHANGE + ").");
        }
    }

    /** A configured password applies while the admin still has the generated one. */
    private void applyConfigured(String password) {
        Optional<Agent> admin = admin();
        if (admin.isEmpty()) {
            LOG.warning("PARLEY_ADMIN_PASSWORD is set but there is no agent 'admin'; it was ignored.");
            return;
        }
        if (!admin.get().isPasswordGenerated()) {
            if (!PasswordHashes.verify(password, admin.get().getPasswordHash())) {
                LOG.warning("PARLEY_ADMIN_PASSWORD is set but was ignored: the admin 'admin' has chosen a password"
                        + " since the first start (" + HOW_TO_CHANGE + ").");
            }
            return;
        }
        String hash = PasswordHashes.hash(password);
        try {
            transaction.begin();
            Agent locked = em.find(Agent.class, admin.get().getId(), LockModeType.PESSIMISTIC_WRITE);
            if (locked.isPasswordGenerated()) {
                locked.changePassword(hash, false);
            }
            transaction.commit();
            LOG.info("The admin 'admin' had the generated password; PARLEY_ADMIN_PASSWORD replaced it.");
        } catch (Exception failed) {
            rollbackQuietly();
            LOG.log(
                    Level.WARNING,
                    "PARLEY_ADMIN_PASSWORD could not be applied; the admin's password is unchanged",
                    failed);
        }
    }

    private void remind() {
        if (admin().filter(Agent::isPasswordGenerated).isPresent()) {
            LOG.info("The admin 'admin' still has the password printed at the first start (not shown again);" + " "
                    + HOW_TO_CHANGE + ", or set PARLEY_ADMIN_PASSWORD and restart.");
        }
    }

    private Optional<Agent> admin() {
        return em.createNamedQuery(Agent.FIND_BY_USERNAME, Agent.class)
                .setParameter("username", USERNAME)
                .getResultStream()
                .findFirst();
    }

    private long agents() {
        return em.createNamedQuery(Agent.COUNT, Long.class).getSingleResult();
    }

    private void rollbackQuietly() {
        try {
            if (transaction.getStatus() != Status.STATUS_NO_TRANSACTION) {
                transaction.rollback();
            }
        } catch (SystemException | IllegalStateException | SecurityException alreadyOver) {
            LOG.log(Level.FINE, "rollback after a lost race", alreadyOver);
        }
    }

    private static String generated() {
        byte[] secret = new byte[20];
        new SecureRandom().nextBytes(secret);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }
}
