package dev.parley.problem.entity;

import java.util.List;

/**
 * The rule for a text field a client sends (a name, a message): required, at most {@code limit}
 * characters once trimmed, and no control characters except, in multi-line text, newlines and tabs.
 * One rule for the pre-chat form and for every message, visitor's or agent's.
 */
public final class TextInput {

    private TextInput() {}

    /** Adds the field's violation to {@code errors}, if it has one. */
    public static void check(List<FieldError> errors, String field, String value, int limit, boolean multiline) {
        if (value == null || value.isBlank()) {
            errors.add(new FieldError(field, "is required"));
        } else if (value.strip().length() > limit) {
            errors.add(new FieldError(field, "must be at most " + limit + " characters"));
        } else if (hasControlCharacters(value, multiline)) {
            errors.add(new FieldError(field, "must not contain control characters"));
        }
    }

    private static boolean hasControlCharacters(String value, boolean multiline) {
        return value.chars()
                .anyMatch(c -> Character.isISOControl(c) && !(multiline && (c == '\n' || c == '\t' || c == '\r')));
    }
}
