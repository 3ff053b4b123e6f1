package dev.parley.webhook.entity;

/** Fired in the transaction that created, changed, disabled or deleted an endpoint; after commit the cache forgets. */
public record WebhookEndpointsChanged() {}
