package dev.parley.problem.boundary;

import dev.parley.problem.entity.FieldError;
import dev.parley.problem.entity.ProblemException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reads a request body as exactly one JSON object and its fields with their expected types, so
 * that malformed JSON, trailing garbage, absurd nesting or numbers, wrong types, NUL and unpaired
 * surrogates end as a 400 naming the field rather than a provider's 500 or a silently altered value.
 */
public final class JsonBody {

    private final JsonObject object;

    private JsonBody(JsonObject object) {
        this.object = object;
    }

    /** Decodes strictly: bytes that are not UTF-8 are a client error, not characters to guess. */
    public static JsonBody parse(byte[] body) {
        if (body == null) {
            return parse((String) null);
        }
        try {
            return parse(StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString());
        } catch (CharacterCodingException notUtf8) {
            throw ProblemException.badRequest("The request body is not valid UTF-8.");
        }
    }

    public static JsonBody parse(String body) {
        if (body == null || body.isBlank()) {
            throw ProblemException.badRequest("The request body must be a JSON object.");
        }
        try (JsonParser parser = Jsonp.parser(new StringReader(body))) {
            if (!parser.hasNext() || parser.next() != JsonParser.Event.START_OBJECT) {
                throw ProblemException.badRequest("The request body must be a JSON object.");
            }
            JsonObject object = parser.getObject();
            if (parser.hasNext()) {
                throw ProblemException.badRequest("The request body must hold one JSON object and nothing after it.");
            }
            return new JsonBody(object);
        } catch (ProblemException problem) {
            throw problem;
        } catch (RuntimeException malformed) {
            // the parser's own limits (nesting depth, number length) and syntax errors alike
            throw ProblemException.badRequest("The request body is not valid JSON.");
        }
    }

    public JsonObject object() {
        return object;
    }

    /** The field as a string, null when absent or JSON null; any other type, NUL or a broken surrogate is a field error. */
    public String string(String field, List<FieldError> errors) {
        JsonValue value = object.get(field);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (value instanceof JsonString string) {
            String text = string.getString();
            if (!isText(text)) {
                errors.add(new FieldError(field, "must be text without NUL or unpaired surrogates"));
                return null;
            }
            return text;
        }
        errors.add(new FieldError(field, "must be a string"));
        return null;
    }

    /** Unicode text as a database stores it: no NUL, no unpaired surrogate. */
    public static boolean isText(String text) {
        return text.codePoints().noneMatch(c -> c == 0 || Character.isSurrogate((char) c) && c <= 0xFFFF);
    }
}
