package dev.parley.problem.entity;

import java.util.List;

/** The body of an {@code application/problem+json} answer (RFC 9457), with field errors as an extension. */
public record Problem(String type, String title, int status, String detail, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
}
