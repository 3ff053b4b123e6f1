package dev.parley.identity.boundary;

import dev.parley.contact.entity.ContactRef;
import dev.parley.contact.entity.Identity;
import dev.parley.contact.entity.NewSession;
import dev.parley.identity.control.IdentityTransaction;
import dev.parley.identity.entity.Identified;
import dev.parley.inbox.boundary.Inboxes;
import dev.parley.inbox.entity.Inbox;
import dev.parley.problem.control.StorageProblems;
import dev.parley.problem.entity.ProblemException;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.SQLException;
import java.util.function.Supplier;

/**
 * Verified visitors: a session for an identity the website vouched for (every device and tab of
 * that user is one contact), and an anonymous visitor identifying mid-chat. The identity rule is
 * {@link Identity}; it is checked before anything is written, so a refused identity (400, 401) leaves
 * no row behind, not even an audit entry. A lost race to create the contact (another device, another
 * node) is run once more and finds the winner.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Identities {

    @PersistenceContext
    EntityManager em;

    @Inject
    Inboxes inboxes;

    @Inject
    IdentityTransaction transaction;

    /** {@code POST /session} with an identifier: a new token for the inbox's one contact of that identity. */
    public NewSession session(String websiteToken, Identity identity, String name, String email, String requestId) {
        Inbox inbox = inboxes.byWebsiteToken(websiteToken)
                .orElseThrow(() -> ProblemException.notFound("Unknown website token."));
        String identifier = verified(inbox, identity);
        return runOnceMore(() -> transaction.session(inbox.getId(), identifier, name, email, requestId));
    }

    /** {@code POST /identify}, or {@code POST /session} with a token and an identifier. */
    public Identified identify(ContactRef contact, Identity identity, String name, String email, String requestId) {
        Inbox inbox = em.find(Inbox.class, contact.inboxId());
        if (inbox == null) {
            throw ProblemException.unauthorized("Unknown contact.");
        }
        String identifier = verified(inbox, identity);
        return runOnceMore(() -> transaction.identify(contact, identifier, name, email, requestId));
    }

    /** As {@link #identify}, for a session whose website token must name the token's inbox. */
    public Identified identify(
            ContactRef contact, String websiteToken, Identity identity, String name, String email, String requestId) {
        Inbox inbox = inboxes.byWebsiteToken(websiteToken)
                .orElseThrow(() -> ProblemException.notFound("Unknown website token."));
        if (inbox.getId() != contact.inboxId()) {
            throw ProblemException.unauthorized("The contact token does not belong to this website.");
        }
        return identify(contact, identity, name, email, requestId);
    }

    private static String verified(Inbox inbox, Identity identity) {
        return switch (identity.decide(inbox.getIdentityMode(), inbox.getIdentitySecret())) {
            case VERIFIED -> identity.identifier();
            case MALFORMED ->
                throw ProblemException.invalid(
                        "identifier", identity.malformation().orElse("is invalid"));
            case ANONYMOUS, ANONYMOUS_REFUSED -> throw ProblemException.invalid("identifier", "is required");
            case UNVERIFIED ->
                throw ProblemException.unauthorized(
                        "The identity could not be verified (identifier and identifierHash).");
        };
    }

    private static <T> T runOnceMore(Supplier<T> write) {
        try {
            return write.get();
        } catch (ProblemException problem) {
            throw problem;
        } catch (RuntimeException failure) {
            if (lostRace(failure)) {
                try {
                    return write.get();
                } catch (ProblemException problem) {
                    throw problem;
                } catch (RuntimeException again) {
                    throw busy(again);
                }
            }
            throw busy(failure);
        }
    }

    private static RuntimeException busy(RuntimeException failure) {
        return StorageProblems.of(failure, "The database is busy; nothing was written.")
                .<RuntimeException>map(problem -> problem)
                .orElse(failure);
    }

    /** Another transaction created the same identity first (unique violation): the next run finds it. */
    private static boolean lostRace(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql
                    && ("23505".equals(sql.getSQLState()) || "23001".equals(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }
}
