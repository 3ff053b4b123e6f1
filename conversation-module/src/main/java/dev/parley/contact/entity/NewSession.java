package dev.parley.contact.entity;

/**
 * A visitor session: {@code contactToken} is the secret the widget keeps (null when an existing
 * token resumes); {@code created} says whether the contact is new, {@code verified} whether its
 * identity was vouched for by the website.
 */
public record NewSession(long contactId, String contactToken, boolean created, boolean verified) {}
