package dev.parley.problem.boundary;

import dev.parley.problem.entity.Problem;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;

/** Writes problems with JSON-P so that no provider configuration can change their shape. */
final class ProblemJson {

    private ProblemJson() {}

    static String write(Problem problem) {
        JsonObjectBuilder json = Jsonp.objectBuilder()
                .add("type", problem.type())
                .add("title", problem.title())
                .add("status", problem.status());
        if (problem.detail() != null) {
            json.add("detail", problem.detail());
        }
        if (problem.errors() != null) {
            JsonArrayBuilder errors = Jsonp.arrayBuilder();
            problem.errors()
                    .forEach(e -> errors.add(
                            Jsonp.objectBuilder().add("field", e.field()).add("message", e.message())));
            json.add("errors", errors);
        }
        return json.build().toString();
    }
}
