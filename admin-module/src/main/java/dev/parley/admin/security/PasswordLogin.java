package dev.parley.admin.security;

import dev.parley.agent.entity.AgentView;
import java.time.Duration;

/** What a password login came to: the agent, a refusal, or a lock to wait out. */
record PasswordLogin(AgentView agent, Duration retryAfter) {

    static final String RETRY_AFTER = "parley.login.retry-after";

    static PasswordLogin valid(AgentView agent) {
        return new PasswordLogin(agent, null);
    }

    static PasswordLogin invalid() {
        return new PasswordLogin(null, null);
    }

    static PasswordLogin throttled(Duration retryAfter) {
        return new PasswordLogin(null, retryAfter);
    }

    boolean isThrottled() {
        return retryAfter != null;
    }

    /** Whole seconds to wait, at least one (what Retry-After says). */
    long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
}
