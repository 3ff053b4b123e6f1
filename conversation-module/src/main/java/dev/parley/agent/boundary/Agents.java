package dev.parley.agent.boundary;

import dev.parley.agent.control.FirstAdmin;
import dev.parley.agent.entity.Agent;
import dev.parley.agent.entity.AgentView;
import dev.parley.agent.entity.Role;
import dev.parley.audit.control.AuditLog;
import dev.parley.audit.entity.AuditEntry;
import dev.parley.problem.entity.FieldError;
import dev.parley.problem.entity.ProblemException;
import dev.parley.schema.control.Database;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Creates agents and admins (an admin's action). Passwords are stored as PBKDF2 hashes with the
 * parameters the identity store verifies them with ({@link FirstAdmin#HASH_PARAMETERS}).
 */
@Stateless
public class Agents {

    static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@-]{1,100}");
    static final int PASSWORD_MIN = 12;
    static final int PASSWORD_MAX = 200;

    @PersistenceContext
    EntityManager em;

    @Inject
    Pbkdf2PasswordHash passwordHash;

    @Inject
    AuditLog audit;

    public AgentView create(
            String username, String displayName, String password, String role, String actor, String requestId) {
        List<FieldError> errors = new ArrayList<>();
        if (username == null || !USERNAME.matcher(username).matches()) {
            errors.add(new FieldError("username", "must be 1-100 letters, digits or . _ @ -"));
        }
        if (displayName == null
                || displayName.isBlank()
                || displayName.strip().length() > 200
                || displayName.chars().anyMatch(Character::isISOControl)) {
            errors.add(new FieldError("displayName", "must be 1-200 characters without control characters"));
        }
        if (password == null || password.length() < PASSWORD_MIN || password.length() > PASSWORD_MAX) {
            errors.add(new FieldError("password", "must be " + PASSWORD_MIN + "-" + PASSWORD_MAX + " characters"));
        }
        Role parsedRole = Arrays.stream(Role.values())
                .filter(r -> r.name().equals(role))
                .findFirst()
                .orElse(null);
        if (parsedRole == null) {
            errors.add(new FieldError("role", "must be ADMIN or AGENT"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        if (em.createNamedQuery(Agent.FIND_BY_USERNAME, Agent.class)
                .setParameter("username", username)
                .getResultStream()
                .findAny()
                .isPresent()) {
            throw ProblemException.conflict("username-taken", "An agent named " + username + " exists already.");
        }
        passwordHash.initialize(FirstAdmin.HASH_PARAMETERS);
        Agent agent = new Agent(
                username,
                displayName.strip(),
                passwordHash.generate(password.toCharArray()),
                parsedRole,
                Database.now());
        em.persist(agent);
        em.flush();
        audit.record(new AuditEntry(
                "agent.create", "created", actor, requestId, null, null, username + " as " + parsedRole));
        return new AgentView(
                agent.getId(),
                agent.getUsername(),
                agent.getDisplayName(),
                agent.getRole().name());
    }
}
