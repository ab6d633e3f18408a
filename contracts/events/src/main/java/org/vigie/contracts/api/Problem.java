package org.vigie.contracts.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;
import java.util.List;

/**
 * An HTTP API problem (RFC 9457, {@code application/problem+json}). Every service answers bad input with
 * one of these, never a bare 500. {@code errors} lists field-level problems by JSON pointer; it never
 * echoes a rejected value, which may be personal data.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(URI type, String title, int status, String detail, String instance, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_BASE = "https://vigie.org/problems/";

    public static Problem of(int status, String slug, String title, String detail) {
        return new Problem(URI.create(TYPE_BASE + slug), title, status, detail, null, List.of());
    }

    public Problem withErrors(List<FieldError> fieldErrors) {
        return new Problem(type, title, status, detail, instance, fieldErrors);
    }

    public Problem withInstance(String path) {
        return new Problem(type, title, status, detail, path, errors);
    }

    /** A field-level error: where (RFC 6901 pointer) and why. */
    public record FieldError(String pointer, String detail) {
    }
}
