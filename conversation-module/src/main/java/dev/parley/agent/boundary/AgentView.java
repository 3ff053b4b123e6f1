package dev.parley.agent.boundary;

/** An agent as the API shows it; never the password hash. */
public record AgentView(long id, String username, String displayName, String role) {
}
