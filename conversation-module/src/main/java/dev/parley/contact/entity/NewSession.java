package dev.parley.contact.entity;

/** A visitor session: {@code contactToken} is the secret the widget keeps; {@code created} says whether it is new. */
public record NewSession(long contactId, String contactToken, boolean created) {}
