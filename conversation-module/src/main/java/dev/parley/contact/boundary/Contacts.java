package dev.parley.contact.boundary;

import dev.parley.agent.entity.Role;
import dev.parley.audit.control.AuditLog;
import dev.parley.audit.entity.AuditEntry;
import dev.parley.contact.control.ContactTokens;
import dev.parley.contact.entity.Contact;
import dev.parley.contact.entity.ContactDevice;
import dev.parley.contact.entity.ContactEmailChanged;
import dev.parley.contact.entity.ContactRef;
import dev.parley.contact.entity.ContactToken;
import dev.parley.contact.entity.ContactTokensRevoked;
import dev.parley.contact.entity.NewSession;
import dev.parley.contact.entity.VisitorContext;
import dev.parley.contact.entity.VisitorContextChanged;
import dev.parley.contact.entity.VisitorContextView;
import dev.parley.inbox.boundary.Inboxes;
import dev.parley.inbox.entity.IdentityMode;
import dev.parley.inbox.entity.Inbox;
import dev.parley.problem.entity.FieldError;
import dev.parley.problem.entity.ProblemException;
import dev.parley.schema.control.Database;
import dev.parley.schema.control.MergeChain;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Visitor identities: anonymous sessions for a website, token authentication, and a contact's
 * devices (tokens) with their revocation. Verified sessions and identifying mid-chat are
 * {@code identity/boundary/Identities}, because they may merge contacts.
 */
@Stateless
public class Contacts {

    @PersistenceContext
    EntityManager em;

    @Inject
    Inboxes inboxes;

    @Inject
    AuditLog audit;

    @Inject
    Event<ContactTokensRevoked> tokensRevoked;

    @Inject
    Event<VisitorContextChanged> contextChanged;

    @Inject
    Event<ContactEmailChanged> emailChanged;

    @Inject
    Database database;

    /** A new anonymous visitor without a name or an email yet. */
    public NewSession startSession(String websiteToken, String requestId) {
        return startSession(websiteToken, null, null, requestId);
    }

    /** A new anonymous visitor; refused (401) where the inbox requires verified visitors. */
    public NewSession startSession(String websiteToken, String name, String email, String requestId) {
        Inbox inbox = inboxes.byWebsiteToken(websiteToken)
                .orElseThrow(() -> ProblemException.notFound("Unknown website token."));
        if (inbox.getIdentityMode() == IdentityMode.REQUIRED) {
            throw verifiedOnly();
        }
        Instant now = Database.now();
        Contact contact = new Contact(inbox, now);
        contact.describe(name, email);
        em.persist(contact);
        String token = ContactTokens.generate();
        em.persist(new ContactToken(contact, ContactTokens.hash(token), now));
        em.flush();
        audit.record(AuditEntry.byContact(
                contact.getId(), "session.start", "created", requestId, null, "inbox " + inbox.getId()));
        return new NewSession(contact.getId(), token, true, false);
    }

    /**
     * An existing visitor resumes; the website token must still name the visitor's inbox, and an
     * anonymous visitor is refused where the inbox now requires verified ones.
     */
    public NewSession resumeSession(ContactRef ref, String websiteToken, String name, String email, String requestId) {
        Inbox inbox = inboxes.byWebsiteToken(websiteToken)
                .orElseThrow(() -> ProblemException.notFound("Unknown website token."));
        if (inbox.getId() != ref.inboxId()) {
            throw ProblemException.unauthorized("The contact token does not belong to this website.");
        }
        Contact contact = em.find(Contact.class, ref.contactId());
        if (contact == null) {
            throw ProblemException.unauthorized("Unknown contact.");
        }
        if (!contact.isVerified() && inbox.getIdentityMode() == IdentityMode.REQUIRED) {
            throw verifiedOnly();
        }
        if (name != null || email != null) {
            em.refresh(contact, LockModeType.PESSIMISTIC_WRITE);
            String before = contact.getEmail();
            contact.describe(name, email);
            if (!Objects.equals(before, contact.getEmail())) {
                emailChanged.fire(new ContactEmailChanged(contact.getId(), before));
            }
        }
        ContactToken token = em.find(ContactToken.class, ref.tokenId());
        if (token != null) {
            token.used(Database.now());
        }
        audit.record(AuditEntry.byContact(ref.contactId(), "session.resume", "ok", requestId, null, null));
        return new NewSession(ref.contactId(), null, false, contact.isVerified());
    }

    /**
     * Stores what the visitor's widget reports about where they are (the rule: {@link VisitorContext}; 400 and
     * nothing written when it is broken). The same context again writes nothing and fires nothing; a new one
     * is written under the contact's row lock (so it never overwrites a concurrent name or email) and fires
     * {@link VisitorContextChanged}. Not audited: it is the visitor's own navigation, not an action on data.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public VisitorContextView reportContext(ContactRef ref, VisitorContext context) {
        List<FieldError> errors = VisitorContext.violations(context);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        VisitorContext normalized = context.normalized();
        Contact contact = em.find(Contact.class, ref.contactId());
        if (contact == null) {
            throw ProblemException.unauthorized("Unknown contact.");
        }
        if (!contact.hasContext(normalized)) {
            database.boundWaits(em);
            em.refresh(contact, LockModeType.PESSIMISTIC_WRITE);
            if (contact.reportContext(normalized, Database.now())) {
                contextChanged.fire(new VisitorContextChanged(contact.getId()));
            }
        }
        return VisitorContextView.of(contact);
    }

    /** The contact's context as its widget last reported it; empty when it never did. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<VisitorContextView> context(long contactId) {
        Contact contact = em.find(Contact.class, contactId);
        if (contact == null) {
            throw ProblemException.notFound("No such contact.");
        }
        return Optional.ofNullable(VisitorContextView.of(contact));
    }

    /** The visitor a token speaks for: its contact, or the contact that was merged into (revoked tokens: none). */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<ContactRef> authenticate(String token) {
        if (!ContactTokens.isWellFormed(token)) {
            return Optional.empty();
        }
        return em.createNamedQuery(ContactToken.FIND_LIVE_BY_HASH, ContactToken.class)
                .setParameter("hash", ContactTokens.hash(token))
                .getResultStream()
                .findFirst()
                .map(found -> {
                    Contact contact = survivor(found.getContact());
                    return new ContactRef(contact.getId(), contact.getInbox().getId(), found.getId());
                });
    }

    /** Whether the contact's identity was vouched for by its website. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public boolean isVerified(long contactId) {
        Contact contact = em.find(Contact.class, contactId);
        return contact != null && contact.isVerified();
    }

    /**
     * The contact's devices, oldest first: its own tokens and those of the anonymous contacts merged
     * into it (they speak for it).
     */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<ContactDevice> devices(long contactId) {
        return tokens(contactId).stream().map(ContactDevice::of).toList();
    }

    /** Revokes every device of the contact (a stolen laptop, a shared account); admins only, audited. */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public List<ContactDevice> revokeAll(long contactId, String actor, Role role, String requestId) {
        adminOnly(role);
        return revoke(contactId, tokens(contactId), actor, requestId);
    }

    /** Revokes one device of the contact; admins only, audited. */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public List<ContactDevice> revoke(long contactId, long tokenId, String actor, Role role, String requestId) {
        adminOnly(role);
        List<ContactToken> one = tokens(contactId).stream()
                .filter(token -> token.getId() == tokenId)
                .toList();
        if (one.isEmpty()) {
            throw ProblemException.notFound("Contact " + contactId + " has no device " + tokenId + ".");
        }
        return revoke(contactId, one, actor, requestId);
    }

    private List<ContactDevice> revoke(long contactId, List<ContactToken> tokens, String actor, String requestId) {
        Instant now = Database.now();
        Set<Long> revoked = new LinkedHashSet<>();
        for (ContactToken token : tokens) {
            em.lock(token, LockModeType.PESSIMISTIC_WRITE);
            if (token.revoke(now)) {
                revoked.add(token.getId());
            }
        }
        em.flush();
        audit.record(new AuditEntry(
                "contact.tokens",
                revoked.isEmpty() ? "unchanged" : "revoked",
                actor,
                requestId,
                contactId,
                null,
                revoked.isEmpty()
                        ? "already revoked"
                        : "revoked devices "
                                + revoked.stream().map(String::valueOf).collect(Collectors.joining(", "))));
        if (!revoked.isEmpty()) {
            tokensRevoked.fire(new ContactTokensRevoked(Set.copyOf(revoked)));
        }
        return tokens.stream().map(ContactDevice::of).toList();
    }

    private List<ContactToken> tokens(long contactId) {
        if (em.find(Contact.class, contactId) == null) {
            throw ProblemException.notFound("No such contact.");
        }
        List<Long> ids = new ArrayList<>(List.of(contactId));
        List<Long> frontier = List.of(contactId);
        for (int hop = 0; hop < MergeChain.MAX_HOPS && !frontier.isEmpty(); hop++) {
            frontier = em.createNamedQuery(Contact.FIND_MERGED_INTO, Long.class)
                    .setParameter("ids", frontier)
                    .getResultList();
            ids.addAll(frontier);
        }
        return em.createNamedQuery(ContactToken.FIND_OF_CONTACTS, ContactToken.class)
                .setParameter("contactIds", ids)
                .getResultList();
    }

    private static void adminOnly(Role role) {
        if (role != Role.ADMIN) {
            throw new ProblemException(403, "forbidden", "Forbidden", "Only an admin may do this.");
        }
    }

    private static ProblemException verifiedOnly() {
        return ProblemException.unauthorized("This website lets only visitors it identified chat (identifierHash).");
    }

    /** A merged contact speaks as the contact it was merged into (chains are short; the bound is a guard). */
    private Contact survivor(Contact contact) {
        return MergeChain.end(
                contact,
                current ->
                        current.getMergedIntoId() == null ? null : em.find(Contact.class, current.getMergedIntoId()));
    }
}
