package dev.parley.inbox.entity;

/** An inbox's identity verification as the console shows it: the mode and whether a secret exists, never the secret. */
public record IdentitySettings(long inboxId, IdentityMode mode, boolean hasSecret) {

    public static IdentitySettings of(Inbox inbox) {
        return new IdentitySettings(inbox.getId(), inbox.getIdentityMode(), inbox.hasIdentitySecret());
    }
}
