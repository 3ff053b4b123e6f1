package dev.parley.agent.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;

/**
 * A personal access token of the agent API. Only the SHA-256 of the secret is kept, so the
 * table alone logs nobody in; revoking deletes the row. {@link #LAST_USED_PRECISION} bounds the
 * writes a busy token causes to one a minute.
 */
@Entity
@Table(name = "agent_token")
@NamedQuery(
        name = AgentToken.FIND_BY_HASH,
        query = "select t from AgentToken t join fetch t.agent where t.tokenHash = :hash")
@NamedQuery(
        name = AgentToken.FIND_BY_AGENT,
        query = "select t from AgentToken t where t.agent.id = :agentId order by t.id")
@NamedQuery(
        name = AgentToken.TOUCH,
        query = "update AgentToken t set t.lastUsedAt = :now where t.id = :id"
                + " and (t.lastUsedAt is null or t.lastUsedAt < :stale)")
public class AgentToken {

    public static final String TOUCH = "AgentToken.touch";
    public static final String FIND_BY_HASH = "AgentToken.findByHash";
    public static final String FIND_BY_AGENT = "AgentToken.findByAgent";
    public static final Duration LAST_USED_PRECISION = Duration.ofMinutes(1);

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "agent_id")
    private Agent agent;

    private String name;

    @Column(name = "token_hash")
    private String tokenHash;

    @Column(name = "created_at")
    private Instant createdAt;

    @Column(name = "last_used_at")
    private Instant lastUsedAt;

    protected AgentToken() {}

    public AgentToken(Agent agent, String name, String tokenHash, Instant createdAt) {
        this.agent = agent;
        this.name = name;
        this.tokenHash = tokenHash;
        this.createdAt = createdAt;
    }

    public Long getId() {
        return id;
    }

    public Agent getAgent() {
        return agent;
    }

    public Instant getLastUsedAt() {
        return lastUsedAt;
    }

    /** Whether a use at {@code now} is worth a write. */
    public boolean lastUseIsStale(Instant now) {
        return lastUsedAt == null || lastUsedAt.isBefore(now.minus(LAST_USED_PRECISION));
    }

    public TokenView view() {
        return new TokenView(id, name, createdAt, lastUsedAt);
    }
}
