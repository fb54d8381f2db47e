package dev.hearth.backend.problem;

import java.util.List;

/**
 * A failure the caller should see as problem+json. Services throw the subclasses; the API maps them,
 * and pages can show {@link #getMessage()} (the detail) as-is.
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String slug;
    private final String title;
    private final List<Problem.FieldError> errors;

    public ProblemException(int status, String slug, String title, String detail, List<Problem.FieldError> errors) {
        super(detail);
        this.status = status;
        this.slug = slug;
        this.title = title;
        this.errors = List.copyOf(errors);
    }

    public ProblemException(int status, String slug, String title, String detail) {
        this(status, slug, title, detail, List.of());
    }

    public int status() {
        return status;
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }

    /** Seconds after which the same request may succeed ({@code Retry-After}), for answers that have one. */
    public java.util.OptionalLong retryAfterSeconds() {
        return java.util.OptionalLong.empty();
    }

    public Problem toProblem(String instance) {
        return new Problem(Problem.type(slug), title, status, getMessage(), instance, errors);
    }
}
