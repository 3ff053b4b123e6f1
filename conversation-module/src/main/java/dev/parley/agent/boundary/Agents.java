package dev.parley.agent.boundary;

import dev.parley.agent.control.PasswordHashes;
import dev.parley.agent.control.PresenceSettings;
import dev.parley.agent.entity.Agent;
import dev.parley.agent.entity.AgentView;
import dev.parley.agent.entity.Role;
import dev.parley.audit.control.AuditLog;
import dev.parley.audit.entity.AuditEntry;
import dev.parley.problem.entity.FieldError;
import dev.parley.problem.entity.ProblemException;
import dev.parley.schema.control.Database;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Agent accounts and who may change them, for the console and the agent API alike: admins
 * create, list, disable and enable agents, change roles and reset passwords; every agent sees
 * its own account and changes its own password (with the current one). The last enabled admin
 * can be neither disabled nor demoted: the enabled admins' rows are locked while that is decided,
 * so two admins demoting each other on two nodes cannot both succeed. Every change is audited.
 * Passwords are 12-200 characters, stored by {@link PasswordHashes}.
 */
@Stateless
public class Agents {

    static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@-]{1,100}");
    public static final int PASSWORD_MIN = 12;
    public static final int PASSWORD_MAX = 200;

    @PersistenceContext
    EntityManager em;

    @Inject
    AuditLog audit;

    @Inject
    PresenceSettings presence;

    /** The changes an update may carry; null leaves a field as it is. */
    public record Changes(String displayName, String role, Boolean enabled) {}

    public AgentView create(
            String username, String displayName, String password, String role, String actor, String requestId) {
        requireAdmin(actor, "agent.create", requestId);
        List<FieldError> errors = new ArrayList<>();
        if (username == null || !USERNAME.matcher(username).matches()) {
            errors.add(new FieldError("username", "must be 1-100 letters, digits or . _ @ -"));
        }
        checkDisplayName(errors, displayName);
        checkPassword(errors, "password", password);
        Role parsedRole = role(errors, role);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        if (find(em, username).isPresent()) {
            throw ProblemException.conflict("username-taken", "An agent named " + username + " exists already.");
        }
        Agent agent =
                new Agent(username, displayName.strip(), PasswordHashes.hash(password), parsedRole, Database.now());
        em.persist(agent);
        em.flush();
        audit.record(new AuditEntry(
                "agent.create", "created", "agent:" + actor, requestId, null, null, username + " as " + parsedRole));
        return agent.view();
    }

    /** Every agent for an admin; only the caller's own account for anyone else. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<AgentView> visibleTo(String actor) {
        Agent caller = existing(em, actor);
        if (caller.getRole() != Role.ADMIN) {
            return List.of(view(caller));
        }
        return em.createNamedQuery(Agent.FIND_ALL, Agent.class)
                .getResultStream()
                .map(this::view)
                .toList();
    }

    /**
     * The enabled agents with their presence, for any agent: whom a conversation can be handed to (the
     * console's "Assign to…"); names and presence only matter there, so no role is needed.
     */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<AgentView> assignable(String actor) {
        existing(em, actor);
        return em.createNamedQuery(Agent.FIND_ALL, Agent.class)
                .getResultStream()
                .filter(agent -> !agent.isDisabled())
                .map(this::view)
                .toList();
    }

    /** One agent, for an admin or the agent itself; anyone else gets a 404 as for a missing one. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public AgentView find(long id, String actor) {
        Agent caller = existing(em, actor);
        Agent agent = em.find(Agent.class, id);
        if (agent == null || (caller.getRole() != Role.ADMIN && !agent.getId().equals(caller.getId()))) {
            throw ProblemException.notFound("No agent " + id + ".");
        }
        return view(agent);
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public AgentView me(String actor) {
        return view(existing(em, actor));
    }

    /**
     * Changes the display name (an admin, or the agent itself), the role or whether the agent is
     * enabled (admins only). Disabling ends the agent's console session and tokens at its next request.
     */
    public AgentView update(long id, Changes changes, String actor, String requestId) {
        Agent caller = existing(em, actor);
        boolean admin = caller.getRole() == Role.ADMIN;
        List<FieldError> errors = new ArrayList<>();
        if (changes.displayName() != null) {
            checkDisplayName(errors, changes.displayName());
        }
        Role role = changes.role() == null ? null : role(errors, changes.role());
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        if (!admin && (changes.role() != null || changes.enabled() != null)) {
            forbidden(actor, "agent.update", requestId);
        }
        Agent agent = em.find(Agent.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (agent == null || (!admin && !agent.getId().equals(caller.getId()))) {
            throw ProblemException.notFound("No agent " + id + ".");
        }
        boolean losesAdmin = agent.getRole() == Role.ADMIN
                && !agent.isDisabled()
                && ((role != null && role != Role.ADMIN) || Boolean.FALSE.equals(changes.enabled()));
        if (losesAdmin && otherEnabledAdmins(agent) == 0) {
            throw ProblemException.conflict(
                    "last-admin", "The last enabled admin can be neither disabled nor demoted.");
        }
        List<String> done = new ArrayList<>();
        if (changes.displayName() != null && !changes.displayName().strip().equals(agent.getDisplayName())) {
            agent.setDisplayName(changes.displayName().strip());
            done.add("display name");
        }
        if (role != null && role != agent.getRole()) {
            agent.setRole(role);
            done.add("role " + role);
        }
        if (changes.enabled() != null && changes.enabled() == agent.isDisabled()) {
            agent.setDisabled(!changes.enabled());
            done.add(changes.enabled() ? "enabled" : "disabled");
        }
        if (!done.isEmpty()) {
            audit.record(new AuditEntry(
                    "agent.update",
                    "changed",
                    "agent:" + actor,
                    requestId,
                    null,
                    null,
                    agent.getUsername() + ": " + String.join(", ", done)));
        }
        return view(agent);
    }

    /** An admin sets a new password for any agent (one who forgot theirs). */
    public void resetPassword(long id, String password, String actor, String requestId) {
        requireAdmin(actor, "agent.password", requestId);
        List<FieldError> errors = new ArrayList<>();
        checkPassword(errors, "password", password);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        Agent agent = em.find(Agent.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (agent == null) {
            throw ProblemException.notFound("No agent " + id + ".");
        }
        agent.changePassword(PasswordHashes.hash(password), false);
        audit.record(new AuditEntry(
                "agent.password", "reset", "agent:" + actor, requestId, null, null, agent.getUsername()));
    }

    /** Any agent changes its own password, proving the current one. */
    public void changeOwnPassword(String actor, String current, String next, String requestId) {
        List<FieldError> errors = new ArrayList<>();
        if (current == null || current.isEmpty()) {
            errors.add(new FieldError("currentPassword", "is required"));
        }
        checkPassword(errors, "newPassword", next);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        Agent agent = em.find(Agent.class, existing(em, actor).getId(), LockModeType.PESSIMISTIC_WRITE);
        if (!PasswordHashes.verify(current, agent.getPasswordHash())) {
            audit.recordAlone(new AuditEntry(
                    "agent.password", "refused", "agent:" + actor, requestId, null, null, "wrong current password"));
            throw new ProblemException(403, "wrong-password", "Forbidden", "The current password is not right.");
        }
        agent.changePassword(PasswordHashes.hash(next), false);
        audit.record(new AuditEntry("agent.password", "changed", "agent:" + actor, requestId, null, null, actor));
    }

    /**
     * The enabled agent with this user name and password, upgrading an older hash on success.
     * An unknown or disabled agent costs the same PBKDF2 work as a known one.
     */
    public Optional<AgentView> verify(String username, String password) {
        Optional<Agent> agent = username == null || password == null ? Optional.empty() : find(em, username);
        if (agent.isEmpty()) {
            PasswordHashes.spendLikeAVerify(password);
            return Optional.empty();
        }
        if (!PasswordHashes.verify(password, agent.get().getPasswordHash())
                || agent.get().isDisabled()) {
            return Optional.empty();
        }
        if (PasswordHashes.needsUpgrade(agent.get().getPasswordHash())) {
            Agent locked = em.find(Agent.class, agent.get().getId(), LockModeType.PESSIMISTIC_WRITE);
            locked.changePassword(PasswordHashes.hash(password), locked.isPasswordGenerated());
        }
        return Optional.of(agent.get().view());
    }

    /** The agent behind a console session or a request, while it is enabled. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<AgentView> active(String username) {
        return find(em, username).filter(agent -> !agent.isDisabled()).map(Agent::view);
    }

    /** What visitors see as the author of an agent's messages. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public String displayName(String username) {
        return find(em, username).map(Agent::getDisplayName).orElse("Agent");
    }

    private AgentView view(Agent agent) {
        return agent.view(presence.policy(), Database.now());
    }

    private long otherEnabledAdmins(Agent agent) {
        return em.createNamedQuery(Agent.FIND_ENABLED_ADMINS, Agent.class)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultStream()
                .filter(other -> !other.getId().equals(agent.getId()))
                .count();
    }

    private void requireAdmin(String actor, String action, String requestId) {
        if (existing(em, actor).getRole() != Role.ADMIN) {
            forbidden(actor, action, requestId);
        }
    }

    private void forbidden(String actor, String action, String requestId) {
        audit.recordAlone(
                new AuditEntry(action, "forbidden", "agent:" + actor, requestId, null, null, "needs role ADMIN"));
        throw new ProblemException(403, "forbidden", "Forbidden", "Only an admin may do this.");
    }

    private static void checkDisplayName(List<FieldError> errors, String displayName) {
        if (displayName == null
                || displayName.isBlank()
                || displayName.strip().length() > 200
                || displayName.chars().anyMatch(Character::isISOControl)) {
            errors.add(new FieldError("displayName", "must be 1-200 characters without control characters"));
        }
    }

    static void checkPassword(List<FieldError> errors, String field, String password) {
        if (password == null || password.length() < PASSWORD_MIN || password.length() > PASSWORD_MAX) {
            errors.add(new FieldError(field, "must be " + PASSWORD_MIN + "-" + PASSWORD_MAX + " characters"));
        }
    }

    private static Role role(List<FieldError> errors, String role) {
        Role parsed = Arrays.stream(Role.values())
                .filter(r -> r.name().equals(role))
                .findFirst()
                .orElse(null);
        if (parsed == null) {
            errors.add(new FieldError("role", "must be ADMIN or AGENT"));
        }
        return parsed;
    }

    static Optional<Agent> find(EntityManager em, String username) {
        return em.createNamedQuery(Agent.FIND_BY_USERNAME, Agent.class)
                .setParameter("username", username)
                .getResultStream()
                .findFirst();
    }

    /** The logged-in caller; gone (deleted or disabled since the login) is a 401. */
    static Agent existing(EntityManager em, String username) {
        return find(em, username)
                .filter(agent -> !agent.isDisabled())
                .orElseThrow(() -> ProblemException.unauthorized("This agent is disabled or unknown."));
    }
}
