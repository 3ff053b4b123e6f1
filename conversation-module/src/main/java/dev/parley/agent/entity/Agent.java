package dev.parley.agent.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import java.time.Instant;

/**
 * A person who answers visitors. The login reads this table ({@code Agents.verify}); a disabled
 * agent logs in nowhere, and its console session and tokens stop working at its next request.
 */
@Entity
@NamedQuery(name = Agent.COUNT, query = "select count(a) from Agent a")
@NamedQuery(name = Agent.FIND_BY_USERNAME, query = "select a from Agent a where a.username = :username")
@NamedQuery(name = Agent.FIND_ALL, query = "select a from Agent a order by a.username")
@NamedQuery(
        name = Agent.FIND_ENABLED_ADMINS,
        query = "select a from Agent a where a.role = dev.parley.agent.entity.Role.ADMIN and a.disabled = false")
public class Agent {

    public static final String COUNT = "Agent.count";
    public static final String FIND_BY_USERNAME = "Agent.findByUsername";
    public static final String FIND_ALL = "Agent.findAll";
    public static final String FIND_ENABLED_ADMINS = "Agent.findEnabledAdmins";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private String username;

    @Column(name = "display_name")
    private String displayName;

    @Column(name = "password_hash")
    private String passwordHash;

    @Enumerated(EnumType.STRING)
    private Role role;

    @Column(name = "created_at")
    private Instant createdAt;

    private boolean disabled;

    @Column(name = "password_generated")
    private boolean passwordGenerated;

    @Enumerated(EnumType.STRING)
    private Presence presence = Presence.OFFLINE;

    @Column(name = "last_active_at")
    private Instant lastActiveAt;

    @Column(name = "last_assigned_at")
    private Instant lastAssignedAt;

    protected Agent() {}

    public Agent(String username, String displayName, String passwordHash, Role role, Instant createdAt) {
        this.username = username;
        this.displayName = displayName;
        this.passwordHash = passwordHash;
        this.role = role;
        this.createdAt = createdAt;
    }

    public Long getId() {
        return id;
    }

    public String getUsername() {
        return username;
    }

    public String getDisplayName() {
        return displayName;
    }

    public Role getRole() {
        return role;
    }

    public String getPasswordHash() {
        return passwordHash;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public boolean isDisabled() {
        return disabled;
    }

    public boolean isPasswordGenerated() {
        return passwordGenerated;
    }

    /** A new password (its hash); {@code generated} marks the first admin's printed one. */
    public void changePassword(String hash, boolean generated) {
        this.passwordHash = hash;
        this.passwordGenerated = generated;
    }

    public void setDisabled(boolean disabled) {
        this.disabled = disabled;
    }

    public void setRole(Role role) {
        this.role = role;
    }

    public void setDisplayName(String displayName) {
        this.displayName = displayName;
    }

    public Presence getPresence() {
        return presence;
    }

    public Instant getLastActiveAt() {
        return lastActiveAt;
    }

    public Instant getLastAssignedAt() {
        return lastAssignedAt;
    }

    /** The agent says where it is; saying anything is a sign of life. */
    public void report(Presence presence, Instant now) {
        this.presence = presence;
        this.lastActiveAt = now;
    }

    /** As others see it, with the presence faded by the default {@link PresencePolicy}. */
    public AgentView view() {
        return view(PresencePolicy.DEFAULT, Instant.now());
    }

    public AgentView view(PresencePolicy policy, Instant now) {
        return new AgentView(
                id,
                username,
                displayName,
                role.name(),
                !disabled,
                createdAt,
                policy.effective(presence, lastActiveAt, now).name(),
                lastActiveAt);
    }
}
