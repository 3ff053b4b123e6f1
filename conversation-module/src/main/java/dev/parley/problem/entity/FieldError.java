package dev.parley.problem.entity;

/** Names the offending field of a rejected request, and why. */
public record FieldError(String field, String message) {}
