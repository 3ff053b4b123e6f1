package dev.parley.problem.boundary;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reads a request body as one JSON object and its fields with their expected types, so that
 * malformed JSON and wrong types end as a 400 naming the field rather than a provider's 500.
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
            return parse(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString());
        } catch (CharacterCodingException notUtf8) {
            throw ProblemException.badRequest("The request body is not valid UTF-8.");
        }
    }

    public static JsonBody parse(String body) {
        if (body == null || body.isBlank()) {
            throw ProblemException.badRequest("The request body must be a JSON object.");
        }
        try (JsonReader reader = Json.createReader(new StringReader(body))) {
            JsonValue value = reader.readValue();
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                throw ProblemException.badRequest("The request body must be a JSON object.");
            }
            return new JsonBody(value.asJsonObject());
        } catch (JsonException | IllegalStateException malformed) {
            throw ProblemException.badRequest("The request body is not valid JSON.");
        }
    }

    /** The field as a string, null when absent or JSON null; any other type is a field error. */
    public String string(String field, List<FieldError> errors) {
        JsonValue value = object.get(field);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (value instanceof JsonString string) {
            return string.getString();
        }
        errors.add(new FieldError(field, "must be a string"));
        return null;
    }
}
