package dev.parley.contact.entity;

/**
 * Fired in the transaction that changed a contact's email (a session, an identify, the pre-chat form, an
 * erasure), with the email it had before: who counts as "the same person" changed for the conversations of
 * both emails ({@code merge/control/DuplicateFlags} refreshes them). Observed inside that transaction only;
 * the previous email is never written anywhere.
 */
public record ContactEmailChanged(long contactId, String previousEmail) {}
