package dev.hearth.backend.problem;

import java.util.List;

/** 400 naming every offending field, so a form or a script can point at what to fix. */
public class ValidationProblem extends ProblemException {

    public ValidationProblem(List<Problem.FieldError> errors) {
        super(400, "validation", "Invalid request", summary(errors), errors);
    }

    public static ValidationProblem of(String field, String message) {
        return new ValidationProblem(List.of(new Problem.FieldError(field, message)));
    }

    private static String summary(List<Problem.FieldError> errors) {
        if (errors.size() == 1) {
            return errors.getFirst().field() + ": " + errors.getFirst().message();
        }
        return errors.size() + " fields are invalid: "
                + String.join(", ", errors.stream().map(Problem.FieldError::field).toList());
    }
}
