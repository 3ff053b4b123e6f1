package dev.parley.widget.boundary;

import dev.parley.contact.entity.Identity;
import dev.parley.problem.boundary.JsonBody;
import dev.parley.problem.entity.FieldError;
import dev.parley.problem.entity.TextInput;
import java.util.List;
import java.util.Locale;

/**
 * The identity fields of {@code /session} and {@code /identify}: {@code identifier},
 * {@code identifierHash}, and the optional {@code name} and {@code email} the website knows the user
 * by. Only their shape is checked here (400); whether the identity is verified is
 * {@link Identity}'s rule (401), applied by the service.
 */
record VisitorIdentity(Identity identity, String name, String email) {

    static final int NAME_LIMIT = 200;
    static final int EMAIL_LIMIT = 320;

    static VisitorIdentity read(JsonBody json, List<FieldError> errors, boolean identifierRequired) {
        String identifier = json.string("identifier", errors);
        String hash = json.string("identifierHash", errors);
        String name = json.string("name", errors);
        String email = json.string("email", errors);
        if (identifier == null && (identifierRequired || hash != null)) {
            errors.add(new FieldError("identifier", "is required"));
        }
        new Identity(identifier, hash).malformation().ifPresent(why -> errors.add(new FieldError("identifier", why)));
        if (name != null) {
            TextInput.check(errors, "name", name, NAME_LIMIT, false);
        }
        if (email != null) {
            int before = errors.size();
            TextInput.check(errors, "email", email, EMAIL_LIMIT, false);
            if (errors.size() == before
                    && (!email.contains("@") || email.strip().contains(" "))) {
                errors.add(new FieldError("email", "must be a valid email address"));
            }
        }
        return new VisitorIdentity(
                new Identity(identifier, hash),
                name == null ? null : name.strip(),
                email == null ? null : email.strip().toLowerCase(Locale.ROOT));
    }
}
