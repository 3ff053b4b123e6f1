package dev.parley.it.support;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.http.HttpHeaders;

/** An HTTP answer with JSON accessors. */
public record Reply(int status, HttpHeaders headers, String body) {

    public JsonObject json() {
        return Json.createReader(new StringReader(body)).readObject();
    }

    public JsonArray array() {
        return Json.createReader(new StringReader(body)).readArray();
    }

    public String header(String name) {
        return headers.firstValue(name).orElse(null);
    }

    public boolean replayed() {
        return "true".equals(header("Idempotent-Replayed"));
    }

    public long id() {
        return json().getJsonNumber("id").longValue();
    }

    @Override
    public String toString() {
        return status + " " + body;
    }
}
