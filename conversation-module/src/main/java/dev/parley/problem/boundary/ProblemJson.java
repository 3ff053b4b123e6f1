package dev.parley.problem.boundary;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;

/** Writes problems with JSON-P so that no provider configuration can change their shape. */
final class ProblemJson {

    private ProblemJson() {
    }

    static String write(Problem problem) {
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("type", problem.type())
                .add("title", problem.title())
                .add("status", problem.status());
        if (problem.detail() != null) {
            json.add("detail", problem.detail());
        }
        if (problem.errors() != null) {
            JsonArrayBuilder errors = Json.createArrayBuilder();
            problem.errors().forEach(e -> errors.add(Json.createObjectBuilder().add("field", e.field()).add("message", e.message())));
            json.add("errors", errors);
        }
        return json.build().toString();
    }
}
