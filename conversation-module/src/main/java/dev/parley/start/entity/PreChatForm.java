package dev.parley.start.entity;

import dev.parley.conversation.entity.Message;
import dev.parley.problem.entity.FieldError;
import dev.parley.problem.entity.TextInput;
import dev.parley.security.entity.Digests;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** What a visitor types before the first message: the body of a conversation start. */
public record PreChatForm(String name, String email, String message) {

    public static final int NAME_LIMIT = 200;
    public static final int EMAIL_LIMIT = 320;
    public static final int MESSAGE_LIMIT = Message.CONTENT_LIMIT;

    private static final Pattern EMAIL =
            Pattern.compile("^[^@\\s\\p{Cc}]{1,64}@[^@\\s\\p{Cc}]+\\.[^@\\s.\\p{Cc}]{2,}$");

    /** Trims the fields and lists every violation; an empty list means the form is valid. */
    public static List<FieldError> violations(PreChatForm form) {
        List<FieldError> errors = new ArrayList<>();
        TextInput.check(errors, "name", form.name(), NAME_LIMIT, false);
        if (blank(form.email())) {
            errors.add(new FieldError("email", "is required"));
        } else if (form.email().length() > EMAIL_LIMIT
                || !EMAIL.matcher(form.email().strip()).matches()) {
            errors.add(new FieldError("email", "must be a valid email address"));
        }
        TextInput.check(errors, "message", form.message(), MESSAGE_LIMIT, true);
        return errors;
    }

    public PreChatForm normalized() {
        return new PreChatForm(name.strip(), email.strip().toLowerCase(), message.strip());
    }

    /** Identifies the request body for Idempotency-Key reuse checks: same fields, same fingerprint. */
    public String fingerprint() {
        PreChatForm form = normalized();
        String canonical = form.name() + '\u0000' + form.email() + '\u0000' + form.message();
        return Digests.sha256Hex(canonical);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
