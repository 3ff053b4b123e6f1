package dev.parley.admin.boundary;

import dev.parley.conversation.entity.ConversationStatus;
import dev.parley.problem.boundary.ProblemException;
import java.util.Arrays;

/** Parses path and query values of the agent API into 4xx problems instead of runtime errors. */
final class ApiInput {

    private ApiInput() {
    }

    static long id(String value) {
        try {
            long id = Long.parseLong(value);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException notANumber) {
            // an id that cannot exist
        }
        throw ProblemException.notFound("No such conversation.");
    }

    static int integer(String field, String value, int min, int max) {
        try {
            int number = Integer.parseInt(value);
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException notANumber) {
            // falls through to the field error
        }
        throw ProblemException.invalid(field, "must be an integer from " + min + " to " + max);
    }

    static ConversationStatus status(String value) {
        return Arrays.stream(ConversationStatus.values()).filter(s -> s.name().equalsIgnoreCase(value)).findFirst()
                .orElseThrow(() -> ProblemException.invalid("status", "must be one of OPEN, PENDING, RESOLVED, MERGED"));
    }
}
