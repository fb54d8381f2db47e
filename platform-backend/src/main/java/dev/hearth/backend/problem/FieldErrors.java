package dev.hearth.backend.problem;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * What a form shows after a rejected submit: a message per field, next to that field, and a
 * form-level message for problems no field owns (a quota, a conflict).
 */
public record FieldErrors(Map<String, String> byField, String general) {

    public static final FieldErrors NONE = new FieldErrors(Map.of(), null);

    public FieldErrors {
        byField = Map.copyOf(byField);
    }

    /**
     * Sorts a service's problem into the form's fields. {@code fieldOf} maps the problem's field
     * path to the form field showing it (e.g. {@code featureGates.Krustlet} → the config textarea);
     * a path it does not know becomes part of the general message.
     */
    public static FieldErrors of(ProblemException problem, Set<String> formFields, Function<String, String> fieldOf) {
        if (problem.errors().isEmpty()) {
            return new FieldErrors(Map.of(), problem.title() + ": " + problem.getMessage());
        }
        Map<String, String> byField = new LinkedHashMap<>();
        StringBuilder general = new StringBuilder();
        for (Problem.FieldError error : problem.errors()) {
            String field = fieldOf.apply(error.field());
            if (formFields.contains(field)) {
                // The path is kept when the field shows a nested value, so the message names it.
                String message = field.equals(error.field()) ? error.message() : error.field() + ": " + error.message();
                byField.merge(field, message, (a, b) -> a + "; " + b);
            } else {
                general.append(general.isEmpty() ? "" : "; ").append(error.field()).append(": ").append(error.message());
            }
        }
        return new FieldErrors(byField, general.isEmpty() ? null : general.toString());
    }

    public static FieldErrors general(String message) {
        return new FieldErrors(Map.of(), message);
    }

    public boolean has(String field) {
        return byField.containsKey(field);
    }

    /** The message for {@code field}, or an empty string. */
    public String of(String field) {
        return byField.getOrDefault(field, "");
    }

    public boolean any() {
        return general != null || !byField.isEmpty();
    }

    /** The first field with an error, or an empty string: the form puts the focus there. */
    public String first() {
        return byField.keySet().stream().findFirst().orElse("");
    }
}
