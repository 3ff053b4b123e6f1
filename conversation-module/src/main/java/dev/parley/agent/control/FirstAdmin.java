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
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import jakarta.transaction.Status;
import jakarta.transaction.SystemException;
import jakarta.transaction.UserTransaction;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Creates the first admin on the first start: user {@code admin}, password from
 * {@code parley.admin-password} ({@code PARLEY_ADMIN_PASSWORD}) or generated and printed once.
 * A configured password is never logged. Nodes starting together race on the unique username;
 * the loser sees the winner's admin and prints nothing.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
@TransactionManagement(TransactionManagementType.BEAN)
public class FirstAdmin {

    private static final Logger LOG = Logger.getLogger(FirstAdmin.class.getName());

    public static final Map<String, String> HASH_PARAMETERS = Map.of(
            "Pbkdf2PasswordHash.Algorithm", "PBKDF2WithHmacSHA256",
            "Pbkdf2PasswordHash.Iterations", "100000",
            "Pbkdf2PasswordHash.SaltSizeBytes", "16",
            "Pbkdf2PasswordHash.KeySizeBytes", "32");

    @PersistenceContext
    EntityManager em;

    @Resource
    UserTransaction transaction;

    @Inject
    Pbkdf2PasswordHash passwordHash;

    @Inject
    @ConfigProperty(name = "parley.admin-password")
    Optional<String> configuredPassword;

    @PostConstruct
    void ensure() {
        if (agents() > 0) {
            return;
        }
        String password = configuredPassword.filter(p -> !p.isBlank()).orElseGet(FirstAdmin::generated);
        passwordHash.initialize(HASH_PARAMETERS);
        String hash = passwordHash.generate(password.toCharArray());
        try {
            transaction.begin();
            em.persist(new Agent("admin", "Admin", hash, Role.ADMIN, Database.now()));
            transaction.commit();
        } catch (Exception lostTheRace) {
            rollbackQuietly();
            if (agents() > 0) {
                LOG.info("Another node created the first admin.");
                return;
            }
            throw new IllegalStateException("cannot create the first admin", lostTheRace);
        }
        if (configuredPassword.isPresent()) {
            LOG.info("Parley created the first admin 'admin' with the configured password.");
        } else {
            LOG.warning("Parley created the first admin: user 'admin', password '" + password
                    + "' (shown only this once; set PARLEY_ADMIN_PASSWORD to choose it).");
        }
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
        byte[] secret = new byte[15];
        new SecureRandom().nextBytes(secret);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }
}
