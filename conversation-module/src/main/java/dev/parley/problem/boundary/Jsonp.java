package dev.parley.problem.boundary;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import java.io.Reader;

/**
 * JSON-P through one provider looked up once. {@code jakarta.json.Json}'s static methods run a
 * {@code ServiceLoader} lookup on every call, which scans the server's jars: under load that was a
 * quarter of the CPU a visitor's start cost (docs/BENCHMARKS.md).
 */
public final class Jsonp {

    private static final JsonProvider PROVIDER = JsonProvider.provider();

    private Jsonp() {}

    public static JsonObjectBuilder objectBuilder() {
        return PROVIDER.createObjectBuilder();
    }

    public static JsonArrayBuilder arrayBuilder() {
        return PROVIDER.createArrayBuilder();
    }

    public static JsonParser parser(Reader reader) {
        return PROVIDER.createParser(reader);
    }

    public static JsonReader reader(Reader reader) {
        return PROVIDER.createReader(reader);
    }
}
