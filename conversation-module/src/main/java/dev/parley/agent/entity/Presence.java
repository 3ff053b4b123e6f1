package dev.parley.agent.entity;

/** Whether an agent is there to answer: what the agent reports, and what others see ({@link PresencePolicy}). */
public enum Presence {
    ONLINE,
    AWAY,
    OFFLINE
}
