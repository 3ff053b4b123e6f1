package dev.parley.agent.boundary;

import dev.parley.agent.entity.Agent;
import dev.parley.agent.entity.AgentToken;
import dev.parley.agent.entity.AgentView;
import dev.parley.agent.entity.NewToken;
import dev.parley.agent.entity.TokenView;
import dev.parley.audit.control.AuditLog;
import dev.parley.audit.entity.AuditEntry;
import dev.parley.problem.entity.ProblemException;
import dev.parley.schema.control.Database;
import dev.parley.security.entity.Digests;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Personal access tokens of the agent API: {@code pat_} and 256 random bits in base64url. Only
 * the SHA-256 of a token is stored, so logging in with one is a single indexed lookup (no PBKDF2);
 * a token works only while its agent is enabled, and a revoked token is gone at once. An agent
 * manages only its own tokens.
 */
@Stateless
public class AgentTokens {

    public static final String PREFIX = "pat_";
    /** {@code pat_} and 43 base64url characters (32 bytes). */
    static final Pattern FORMAT = Pattern.compile("pat_[A-Za-z0-9_-]{43}");

    static final int NAME_MAX = 100;
    /** Tokens one agent may hold: plenty for scripts and integrations, a bound on the rows. */
    static final int PER_AGENT = 50;

    private static final SecureRandom RANDOM = new SecureRandom();

    @PersistenceContext
    EntityManager em;

    @Inject
    AuditLog audit;

    public NewToken create(String username, String name, String requestId) {
        if (name == null
                || name.isBlank()
                || name.strip().length() > NAME_MAX
                || name.chars().anyMatch(Character::isISOControl)) {
            throw ProblemException.invalid("name", "must be 1-" + NAME_MAX + " characters without control characters");
        }
        Agent agent = Agents.existing(em, username);
        if (em.createNamedQuery(AgentToken.FIND_BY_AGENT, AgentToken.class)
                        .setParameter("agentId", agent.getId())
                        .getResultList()
                        .size()
                >= PER_AGENT) {
            throw ProblemException.conflict(
                    "too-many-tokens", "An agent may hold " + PER_AGENT + " tokens; revoke one first.");
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        AgentToken created = new AgentToken(agent, name.strip(), Digests.sha256Hex(token), Database.now());
        em.persist(created);
        em.flush();
        audit.record(new AuditEntry(
                "agent.token",
                "created",
                "agent:" + username,
                requestId,
                null,
                null,
                "token " + created.getId() + " '" + name.strip() + "'"));
        TokenView view = created.view();
        return new NewToken(view.id(), view.name(), token, view.createdAt());
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<TokenView> list(String username) {
        Agent agent = Agents.existing(em, username);
        return em.createNamedQuery(AgentToken.FIND_BY_AGENT, AgentToken.class)
                .setParameter("agentId", agent.getId())
                .getResultStream()
                .map(AgentToken::view)
                .toList();
    }

    /** Deletes one of the caller's tokens; someone else's is as unknown as a missing one (404). */
    public void revoke(String username, long id, String requestId) {
        AgentToken token = em.find(AgentToken.class, id);
        if (token == null || !token.getAgent().getUsername().equals(username)) {
            throw ProblemException.notFound("No token " + id + " of yours.");
        }
        em.remove(token);
        audit.record(
                new AuditEntry("agent.token", "revoked", "agent:" + username, requestId, null, null, "token " + id));
    }

    /** The enabled agent a token belongs to; records its use at most once a minute. */
    public Optional<AgentView> authenticate(String token) {
        if (token == null || !FORMAT.matcher(token).matches()) {
            return Optional.empty();
        }
        Optional<AgentToken> found = em.createNamedQuery(AgentToken.FIND_BY_HASH, AgentToken.class)
                .setParameter("hash", Digests.sha256Hex(token))
                .getResultStream()
                .findFirst();
        if (found.isEmpty() || found.get().getAgent().isDisabled()) {
            return Optional.empty();
        }
        Instant now = Database.now();
        if (found.get().lastUseIsStale(now)) {
            em.createNamedQuery(AgentToken.TOUCH)
                    .setParameter("id", found.get().getId())
                    .setParameter("now", now)
                    .setParameter("stale", now.minus(AgentToken.LAST_USED_PRECISION))
                    .executeUpdate();
        }
        return Optional.of(found.get().getAgent().view());
    }
}
