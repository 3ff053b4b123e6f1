package dev.parley.inbox.boundary;

import dev.parley.inbox.entity.Inbox;
import dev.parley.security.entity.Digests;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;

/** Reads inboxes: the widget finds its inbox by website token. */
@Stateless
@TransactionAttribute(TransactionAttributeType.SUPPORTS)
public class Inboxes {

    @PersistenceContext
    EntityManager em;

    public Optional<Inbox> byWebsiteToken(String websiteToken) {
        return em.createNamedQuery(Inbox.FIND_BY_WEBSITE_TOKEN, Inbox.class)
                .setParameter("token", websiteToken)
                .getResultStream()
                .findFirst();
    }

    public Inbox defaultInbox() {
        return all().get(0);
    }

    public List<Inbox> all() {
        return em.createNamedQuery(Inbox.FIND_ALL, Inbox.class).getResultList();
    }

    /**
     * What the default inbox's website computes for {@code identifier}: {@code hex(HMAC-SHA256(secret,
     * identifier))}; empty when the inbox has no secret. For the demo page only, which plays the website.
     */
    public Optional<String> identityHash(String identifier) {
        Inbox inbox = defaultInbox();
        return inbox.hasIdentitySecret()
                ? Optional.of(Digests.hmacSha256Hex(inbox.getIdentitySecret(), identifier))
                : Optional.empty();
    }

    /** CORS: a preflight carries no credentials, so an origin is allowed if any inbox allows it. */
    public boolean anyAllowsOrigin(String origin) {
        return all().stream().anyMatch(inbox -> inbox.allowsOrigin(origin));
    }
}
