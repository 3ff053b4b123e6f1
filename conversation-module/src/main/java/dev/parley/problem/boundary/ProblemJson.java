package dev.parley.problem.boundary;

import dev.parley.problem.entity.Problem;
import dev.parley.problem.entity.ProblemException;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Writes problems with JSON-P so that no provider configuration can change their shape, and sends one
 * from a servlet filter, before JAX-RS (and its mappers) is reached.
 */
public final class ProblemJson {

    private ProblemJson() {}

    /** Answers the problem on a servlet response: status, problem+json and Retry-After when it has one. */
    public static void send(HttpServletResponse response, ProblemException problem) throws IOException {
        response.setStatus(problem.status());
        response.setContentType(Problem.MEDIA_TYPE);
        if (problem.retryAfterSeconds() != null) {
            response.setHeader("Retry-After", String.valueOf(problem.retryAfterSeconds()));
        }
        response.getWriter().write(write(problem.toProblem()));
    }

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
