package dev.parley.inbox.control;

import dev.parley.schema.control.Database;
import dev.parley.inbox.entity.Inbox;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Makes sure the website inbox exists from the first start. Its website token comes from
 * {@code parley.website-token} ({@code PARLEY_WEBSITE_TOKEN}) or is generated once; it is public
 * (every embedding page shows it), so it is printed for the operator.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
public class DefaultInbox {

    private static final Logger LOG = Logger.getLogger(DefaultInbox.class.getName());

    @PersistenceContext
    EntityManager em;

    @Inject
    @ConfigProperty(name = "parley.website-token")
    Optional<String> configuredToken;

    @Inject
    @ConfigProperty(name = "parley.public-url")
    Optional<String> publicUrl;

    @PostConstruct
    void ensure() {
        List<Inbox> inboxes = em.createNamedQuery(Inbox.FIND_ALL, Inbox.class).setMaxResults(1).getResultList();
        Inbox inbox;
        if (inboxes.isEmpty()) {
            inbox = new Inbox("Website", configuredToken.orElseGet(DefaultInbox::randomToken), Database.now());
            em.persist(inbox);
        } else {
            inbox = inboxes.get(0);
            configuredToken.filter(token -> !token.equals(inboxes.get(0).getWebsiteToken()))
                    .ifPresent(inbox::changeWebsiteToken);
        }
        LOG.info("Parley website inbox '" + inbox.getName() + "' website token: " + inbox.getWebsiteToken());
        publicUrl.map(url -> url.replaceAll("/+$", "")).ifPresent(url -> LOG.info("Parley is starting: demo website "
                + url + "/chat/demo , widget script " + url + "/chat/sdk.js , console " + url + "/admin/"));
    }

    private static String randomToken() {
        byte[] bytes = new byte[12];
        new SecureRandom().nextBytes(bytes);
        return "web_" + HexFormat.of().formatHex(bytes);
    }
}
