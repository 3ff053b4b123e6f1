package dev.parley.limit.entity;

/**
 * Every limit on what a visitor (anyone with the public website token and a script) may do, with the
 * default a real website would choose: generous for a person, small for a flood. Each is set with the
 * MicroProfile Config key {@code parley.limits.<name>} (environment {@code PARLEY_LIMITS_<NAME>}), as
 * {@code max/window} or {@code off}. docs/SECURITY.md lists them with their reasons.
 */
public enum VisitorLimit {
    /** New visitor sessions from one address: a household or office opens a few, a script thousands. */
    SESSION_PER_ADDRESS("session-per-address", "30/PT10M"),
    /** Start requests of one visitor, whatever their outcome: a nervous double-clicker sends a handful. */
    START_PER_CONTACT("start-per-contact", "10/PT1M"),
    /** Start requests from one address, across its visitors. */
    START_PER_ADDRESS("start-per-address", "60/PT1M"),
    /** Messages of one visitor: one every two seconds, sustained, is fast typing. */
    MESSAGE_PER_CONTACT("message-per-contact", "30/PT1M"),
    /** Typing frames of one visitor; the widget sends at most one every two seconds. */
    TYPING_PER_CONTACT("typing-per-contact", "60/PT1M"),
    /** Context reports of one visitor: the widget sends one per settled navigation, a tab switch or a reconnect. */
    CONTEXT_PER_CONTACT("context-per-contact", "60/PT1M"),
    /** Erasure requests of one visitor: one is all a person needs; a second while it waits answers the first. */
    ERASURE_REQUEST_PER_CONTACT("erasure-request-per-contact", "5/PT1H"),
    /** Widget sockets opened by one visitor (tabs, devices, reconnects). */
    SOCKET_PER_CONTACT("socket-per-contact", "30/PT1M"),
    /** Widget sockets opened from one address. */
    SOCKET_PER_ADDRESS("socket-per-address", "120/PT1M");

    private final String key;
    private final String defaultSpec;

    VisitorLimit(String key, String defaultSpec) {
        this.key = key;
        this.defaultSpec = defaultSpec;
    }

    public String key() {
        return key;
    }

    public String defaultSpec() {
        return defaultSpec;
    }
}
