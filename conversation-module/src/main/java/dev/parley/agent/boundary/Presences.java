package dev.parley.agent.boundary;

import dev.parley.agent.control.PresenceSettings;
import dev.parley.agent.entity.Agent;
import dev.parley.agent.entity.AgentView;
import dev.parley.agent.entity.Presence;
import dev.parley.audit.control.AuditLog;
import dev.parley.audit.entity.AuditEntry;
import dev.parley.problem.entity.ProblemException;
import dev.parley.schema.control.Database;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

/**
 * Where agents are: each agent reports ONLINE, AWAY or OFFLINE (a change is audited), and records
 * activity (a heartbeat) while it works; what others see fades with inactivity by the configured
 * {@link dev.parley.agent.entity.PresencePolicy}. A heartbeat writes at most once per {@link #HEARTBEAT_GRAIN}
 * per agent (a conditional update), so a busy console costs the database next to nothing.
 */
@Stateless
public class Presences {

    static final Duration HEARTBEAT_GRAIN = Duration.ofSeconds(15);

    @PersistenceContext
    EntityManager em;

    @Inject
    AuditLog audit;

    @Inject
    PresenceSettings settings;

    /** The caller reports its presence ({@code ONLINE}, {@code AWAY} or {@code OFFLINE}); also a sign of life. */
    public AgentView report(String username, String status, String requestId) {
        Presence presence = parse(status);
        Agent caller = Agents.existing(em, username);
        Agent agent = em.find(Agent.class, caller.getId(), LockModeType.PESSIMISTIC_WRITE);
        Presence before = agent.getPresence();
        Instant now = Database.now();
        agent.report(presence, now);
        if (before != presence) {
            audit.record(new AuditEntry(
                    "agent.presence", "changed", "agent:" + username, requestId, null, null, before + "->" + presence));
        }
        return agent.view(settings.policy(), now);
    }

    /** The caller is active (it opened, read or wrote something): keeps a reported ONLINE from fading. */
    public void heartbeat(String username) {
        Instant now = Database.now();
        em.createQuery("update Agent a set a.lastActiveAt = :now where a.username = :username"
                        + " and (a.lastActiveAt is null or a.lastActiveAt < :grain)")
                .setParameter("now", now)
                .setParameter("username", username)
                .setParameter("grain", now.minus(HEARTBEAT_GRAIN))
                .executeUpdate();
    }

    static Presence parse(String status) {
        return Arrays.stream(Presence.values())
                .filter(presence -> presence.name().equals(status))
                .findFirst()
                .orElseThrow(() -> ProblemException.invalid("status", "must be one of ONLINE, AWAY, OFFLINE"));
    }
}
