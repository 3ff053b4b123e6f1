package dev.parley.problem.boundary;

/** Names the offending field of a rejected request, and why. */
public record FieldError(String field, String message) {
}
