package dev.parley.admin.boundary;

import dev.parley.audit.control.RequestIds;
import dev.parley.conversation.entity.ConversationStatus;
import dev.parley.problem.boundary.Ids;
import dev.parley.problem.boundary.JsonBody;
import dev.parley.problem.entity.ProblemException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Parses path, query and body values of the agent API into 4xx problems instead of runtime errors. */
final class ApiInput {

    private ApiInput() {}

    static long id(String value) {
        return Ids.conversation(value);
    }

    static int integer(String field, String value, int min, int max) {
        try {
            if (!value.matches("0|[1-9][0-9]{0,8}")) {
                throw new NumberFormatException(value);
            }
            int number = Integer.parseInt(value);
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException notANumber) {
            // falls through to the field error
        }
        throw ProblemException.invalid(field, "must be an integer from " + min + " to " + max);
    }

    /** An optional positive id filter: absent is null, anything but a positive integer is a 400. */
    static Long optionalId(String field, String value) {
        return Ids.optional(field, value);
    }

    static boolean flag(String field, String value) {
        if (value == null || value.equalsIgnoreCase("false")) {
            return false;
        }
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        throw ProblemException.invalid(field, "must be true or false");
    }

    static ConversationStatus status(String value) {
        return Arrays.stream(ConversationStatus.values())
                .filter(s -> s.name().equalsIgnoreCase(value))
                .findFirst()
                .orElseThrow(
                        () -> ProblemException.invalid("status", "must be one of OPEN, PENDING, RESOLVED, MERGED"));
    }

    /** The body as exactly one JSON object, decoded strictly as UTF-8; anything else is a 400. */
    static JsonObject object(byte[] body) {
        return JsonBody.parse(body).object();
    }

    /** A required array of positive integer ids. */
    static List<Long> ids(JsonObject json, String field) {
        JsonValue value = json.get(field);
        if (value == null
                || value.getValueType() != JsonValue.ValueType.ARRAY
                || value.asJsonArray().isEmpty()) {
            throw ProblemException.invalid(field, "must be a non-empty array of conversation ids");
        }
        List<Long> ids = new ArrayList<>();
        for (JsonValue element : value.asJsonArray()) {
            if (!(element instanceof JsonNumber number)
                    || !number.isIntegral()
                    || number.bigIntegerValue().signum() <= 0
                    || number.bigIntegerValue().bitLength() > 63) {
                throw ProblemException.invalid(field, "must hold positive integer conversation ids only");
            }
            ids.add(number.longValue());
        }
        return ids;
    }

    /**
     * A required field holding a positive integer id or null (null meaning "nobody"); absent, or any other
     * value, is a 400.
     */
    static Long requiredIdOrNull(JsonObject json, String field, String meaning) {
        JsonValue value = json.get(field);
        if (value == JsonValue.NULL) {
            return null;
        }
        if (value instanceof JsonNumber number
                && number.isIntegral()
                && number.bigIntegerValue().signum() > 0
                && number.bigIntegerValue().bitLength() <= 63) {
            return number.longValue();
        }
        throw ProblemException.invalid(field, "must be a positive integer id, or null for " + meaning);
    }

    /** An optional boolean field: absent or null is false, another type is a 400. */
    static boolean bool(JsonObject json, String field) {
        JsonValue value = json.get(field);
        if (value == null || value == JsonValue.NULL || value == JsonValue.FALSE) {
            return false;
        }
        if (value == JsonValue.TRUE) {
            return true;
        }
        throw ProblemException.invalid(field, "must be true or false");
    }

    /** An optional boolean field that may be left out: absent or null is null, another type is a 400. */
    static Boolean optionalBool(JsonObject json, String field) {
        JsonValue value = json.get(field);
        return value == null || value == JsonValue.NULL ? null : bool(json, field);
    }

    /** An optional string field: absent or null is null, another type is a 400. */
    static String string(JsonObject json, String field) {
        JsonValue value = json.get(field);
        if (value == null || value == JsonValue.NULL) {
            return null;
        }
        if (value instanceof JsonString string && JsonBody.isText(string.getString())) {
            return string.getString();
        }
        throw ProblemException.invalid(
                field,
                value instanceof JsonString ? "must be text without NUL or unpaired surrogates" : "must be a string");
    }

    /** An optional free-text query filter: absent is null; control characters or over {@code limit} is a 400. */
    static String filter(String field, String value, int limit) {
        if (value == null) {
            return null;
        }
        if (value.isBlank()
                || value.length() > limit
                || value.chars().anyMatch(Character::isISOControl)
                || !JsonBody.isText(value)) {
            throw ProblemException.invalid(field, "must be 1-" + limit + " printable characters");
        }
        return value;
    }

    /** A comma-separated list of ids in a query parameter. */
    static List<Long> idList(String field, String value) {
        if (value == null || value.isBlank()) {
            throw ProblemException.invalid(field, "must list conversation ids, comma-separated");
        }
        List<Long> ids = new ArrayList<>();
        for (String part : value.split(",")) {
            Long id = optionalId(field, part.strip());
            ids.add(id);
        }
        return ids;
    }

    static String requestId(String given) {
        return RequestIds.of(given, null);
    }
}
