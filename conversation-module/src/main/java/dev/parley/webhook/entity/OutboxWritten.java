package dev.parley.webhook.entity;

/** Fired once in a transaction that wrote webhook deliveries; after commit it wakes this node's worker. */
public record OutboxWritten() {}
