package dev.parley.it.support;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;

/** The problem+json assertion of the black-box tests: status, type, a title, and no stack trace. */
public final class Problems {

    private Problems() {}

    public static void assertProblem(Reply reply, int status, String type) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
        assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
        JsonObject problem = Json.createReader(new StringReader(reply.body())).readObject();
        assertThat(problem.getInt("status")).isEqualTo(status);
        assertThat(problem.getString("type")).isEqualTo(type);
        assertThat(problem.getString("title")).isNotBlank();
        assertThat(reply.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }
}
