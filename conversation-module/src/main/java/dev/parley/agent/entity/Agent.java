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

/** A person who answers visitors. Jakarta Security reads this table to log agents in. */
@Entity
@NamedQuery(name = Agent.COUNT, query = "select count(a) from Agent a")
@NamedQuery(name = Agent.FIND_BY_USERNAME, query = "select a from Agent a where a.username = :username")
public class Agent {

    public static final String COUNT = "Agent.count";
    public static final String FIND_BY_USERNAME = "Agent.findByUsername";

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
}
