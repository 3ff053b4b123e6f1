package dev.parley.it.identity;

import dev.parley.it.support.Parley;
import java.util.UUID;

/** Inboxes of the identity tests' own, so that changing a secret or a mode touches no other test. */
final class Inboxes {

    private Inboxes() {}

    /** A new inbox with this auto-merge policy, identity mode and secret (null: none); returns its website token. */
    static String create(Parley parley, String policy, String mode, String secret) {
        String website = "web_identity_" + UUID.randomUUID().toString().replace("-", "");
        parley.execute(
                "insert into inbox (name, website_token, auto_merge_policy, identity_mode, identity_secret, created_at)"
                        + " values ('Identity test', ?, ?, ?, ?, now())",
                website,
                policy,
                mode,
                secret);
        return website;
    }

    static String user() {
        return "user-" + UUID.randomUUID();
    }
}
