package dev.parley.problem.boundary;

import dev.parley.problem.entity.ProblemException;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * The one parser for ids that clients write in paths and query strings: ASCII digits only, no sign,
 * no leading zero, at most 18 digits (so {@code +1}, {@code 01}, {@code ١} and overflow are not ids).
 * Each method says what a bad value answers.
 */
public final class Ids {

    private static final Pattern POSITIVE_ID = Pattern.compile("[1-9][0-9]{0,17}");

    private Ids() {}

    public static OptionalLong parse(String value) {
        return value != null && POSITIVE_ID.matcher(value).matches()
                ? OptionalLong.of(Long.parseLong(value))
                : OptionalLong.empty();
    }

    /** A conversation id in a path: anything else names no conversation (404). */
    public static long conversation(String value) {
        return parse(value).orElseThrow(() -> ProblemException.notFound("No such conversation."));
    }

    /** An optional id filter: absent is null, anything but an id is a 400 naming the field. */
    public static Long optional(String field, String value) {
        if (value == null) {
            return null;
        }
        OptionalLong id = parse(value);
        if (id.isEmpty()) {
            throw ProblemException.invalid(field, "must be a positive integer");
        }
        return id.getAsLong();
    }

    /** A cursor: {@code 0} (from the start) or an id; anything else is a 400 naming the field. */
    public static long cursor(String field, String value) {
        if ("0".equals(value)) {
            return 0;
        }
        return parse(value).orElseThrow(() -> ProblemException.invalid(field, "must be a non-negative integer"));
    }
}
