package dev.parley.idempotency.control;

import dev.parley.problem.entity.ProblemException;
import java.util.List;

/** The Idempotency-Key answers of the IETF httpapi draft. */
public final class IdempotencyProblems {

    private IdempotencyProblems() {}

    public static ProblemException keyReused() {
        return new ProblemException(
                422,
                "idempotency-key-reused",
                "Idempotency-Key reused",
                "This Idempotency-Key was already used with a different request body.");
    }

    public static ProblemException stillRunning() {
        return new ProblemException(
                409,
                "idempotency-key-in-use",
                "Request in progress",
                "A request with this Idempotency-Key is still being processed; retry shortly.",
                List.of(),
                1);
    }
}
