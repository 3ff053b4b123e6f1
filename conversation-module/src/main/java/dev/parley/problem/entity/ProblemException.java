package dev.parley.problem.entity;

import jakarta.ejb.ApplicationException;
import java.util.List;

/**
 * A failure the client caused or can act on, described as an RFC 9457 problem. Thrown by the
 * domain, it rolls the transaction back and is turned into {@code application/problem+json} at
 * the edge, never into a 500.
 */
@ApplicationException(rollback = true)
public class ProblemException extends RuntimeException {

    private final int status;
    private final String type;
    private final String title;
    private final List<FieldError> errors;
    private final Integer retryAfterSeconds;

    public ProblemException(int status, String type, String title, String detail) {
        this(status, type, title, detail, List.of(), null);
    }

    public ProblemException(
            int status, String type, String title, String detail, List<FieldError> errors, Integer retryAfterSeconds) {
        super(detail, null, false, false);
        this.status = status;
        this.type = type;
        this.title = title;
        this.errors = List.copyOf(errors);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static ProblemException invalid(List<FieldError> errors) {
        return new ProblemException(
                400, "invalid-request", "Invalid request", "Some fields are missing or invalid.", errors, null);
    }

    public static ProblemException invalid(String field, String message) {
        return invalid(List.of(new FieldError(field, message)));
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(400, "bad-request", "Bad request", detail);
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(404, "not-found", "Not found", detail);
    }

    public static ProblemException unauthorized(String detail) {
        return new ProblemException(401, "unauthorized", "Unauthorized", detail);
    }

    public static ProblemException conflict(String type, String detail) {
        return new ProblemException(409, type, "Conflict", detail);
    }

    public Problem toProblem() {
        return new Problem("urn:parley:problem:" + type, title, status, getMessage(), errors.isEmpty() ? null : errors);
    }

    public int status() {
        return status;
    }

    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
