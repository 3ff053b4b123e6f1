package dev.parley.inbox.control;

import dev.parley.inbox.entity.IdentityMode;
import dev.parley.inbox.entity.Inbox;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Gives the website inbox (created by migration V5) its token at start: {@code parley.website-token}
 * ({@code PARLEY_WEBSITE_TOKEN}) or one generated once. The token is public (every embedding page
 * shows it), so it is printed for the operator. A configured identity secret ({@code parley.identity-secret},
 * {@code PARLEY_IDENTITY_SECRET}) replaces the inbox's when it differs, and an inbox that refused identities
 * then verifies them (OPTIONAL); the secret is never logged.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
public class DefaultInbox {

    private static final Logger LOG = Logger.getLogger(DefaultInbox.class.getName());

    /** The token V5 gives the inbox until the first start replaces it. */
    static final String PLACEHOLDER = "unset";

    @PersistenceContext
    EntityManager em;

    @Inject
    @ConfigProperty(name = "parley.website-token")
    Optional<String> configuredToken;

    @Inject
    @ConfigProperty(name = "parley.identity-secret")
    Optional<String> configuredIdentitySecret;

    @Inject
    @ConfigProperty(name = "parley.public-url")
    Optional<String> publicUrl;

    @PostConstruct
    void ensure() {
        Inbox inbox = em.createNamedQuery(Inbox.FIND_ALL, Inbox.class)
                .setMaxResults(1)
                .getSingleResult();
        if (configuredToken.isPresent() && !configuredToken.get().equals(inbox.getWebsiteToken())) {
            inbox.changeWebsiteToken(configuredToken.get());
        } else if (configuredToken.isEmpty() && PLACEHOLDER.equals(inbox.getWebsiteToken())) {
            // several nodes may start together: the first to replace the placeholder wins, the others read its token
            em.createQuery(
                            "update Inbox i set i.websiteToken = :token where i.id = :id and i.websiteToken = :placeholder")
                    .setParameter("token", randomToken())
                    .setParameter("id", inbox.getId())
                    .setParameter("placeholder", PLACEHOLDER)
                    .executeUpdate();
            em.refresh(inbox);
        }
        configuredIdentitySecret
                .map(String::strip)
                .filter(secret -> !secret.isEmpty() && !secret.equals(inbox.getIdentitySecret()))
                .ifPresent(secret -> {
                    inbox.changeIdentitySecret(secret);
                    if (inbox.getIdentityMode() == IdentityMode.OFF) {
                        inbox.changeIdentityMode(IdentityMode.OPTIONAL);
                    }
                });
        // the secret itself is never logged, only whether there is one
        LOG.info("Parley website inbox '" + inbox.getName() + "' identity verification: " + inbox.getIdentityMode()
                + (inbox.hasIdentitySecret() ? " (secret set)" : " (no secret)"));
        LOG.info("Parley website inbox '" + inbox.getName() + "' website token: " + inbox.getWebsiteToken());
        publicUrl
                .map(url -> url.replaceAll("/+$", ""))
                .ifPresent(url -> LOG.info("Parley is starting: demo website " + url + "/chat/demo , widget script "
                        + url + "/chat/sdk.js , console " + url + "/admin/"));
    }

    private static String randomToken() {
        byte[] bytes = new byte[12];
        new SecureRandom().nextBytes(bytes);
        return "web_" + HexFormat.of().formatHex(bytes);
    }
}
