package dev.parley.canned.entity;

import dev.parley.problem.entity.FieldError;
import dev.parley.problem.entity.ProblemException;
import dev.parley.problem.entity.TextInput;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The rule for what an admin saves as a canned response, one place for the API and the console: a short
 * code of 1-32 lowercase letters, digits, {@code -} or {@code _} (what follows {@code /} in the reply
 * box, so no spaces); a title of 1-200 characters on one line; a text of 1-4000 characters, newlines and
 * tabs allowed. Title and text are trimmed; the code is taken as typed (an upper-case letter is an error,
 * not silently folded, so {@code /Hi} never finds {@code hi} by surprise).
 */
public record CannedText(String shortCode, String title, String content) {

    public static final int CODE_LIMIT = 32;
    public static final int TITLE_LIMIT = 200;
    public static final int CONTENT_LIMIT = 4000;

    private static final Pattern CODE = Pattern.compile("[a-z0-9_-]{1," + CODE_LIMIT + "}");

    /** The checked and trimmed text, or a 400 problem naming every offending field. */
    public static CannedText of(String shortCode, String title, String content) {
        List<FieldError> errors = new ArrayList<>();
        if (shortCode == null || shortCode.isEmpty()) {
            errors.add(new FieldError("shortCode", "is required"));
        } else if (!CODE.matcher(shortCode).matches()) {
            errors.add(new FieldError(
                    "shortCode", "must be 1-" + CODE_LIMIT + " lowercase letters, digits, - or _ (no spaces)"));
        }
        TextInput.check(errors, "title", title, TITLE_LIMIT, false);
        TextInput.check(errors, "content", content, CONTENT_LIMIT, true);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return new CannedText(shortCode, title.strip(), content.strip());
    }
}
