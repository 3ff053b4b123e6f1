package dev.parley.widget.boundary;

import dev.parley.contact.boundary.Contacts;
import dev.parley.contact.entity.ContactRef;
import dev.parley.problem.entity.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/** Visitors authenticate with {@code Authorization: Bearer <contactToken>}. */
@ApplicationScoped
public class ContactAuthentication {

    @Inject
    Contacts contacts;

    public ContactRef require(String authorization) {
        return optional(authorization)
                .orElseThrow(() ->
                        ProblemException.unauthorized("A valid contact token is required (Authorization: Bearer)."));
    }

    public Optional<ContactRef> optional(String authorization) {
        return bearerToken(authorization).flatMap(contacts::authenticate);
    }

    public static Optional<String> bearerToken(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        return Optional.of(authorization.substring(7).strip());
    }
}
