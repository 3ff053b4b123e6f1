package dev.parley.contact.entity;

/**
 * Fired in the transaction that stored a new context for this contact (never when the widget reported the
 * same one again): after commit, the console shows the visitor's new page.
 */
public record VisitorContextChanged(long contactId) {}
