package dev.hearth.backend.classroom;

import dev.hearth.backend.problem.FieldErrors;

/** The join form: the code (typed, or from a join link) and why it was refused. */
public record JoinForm(String code, FieldErrors errors) {

    public JoinForm {
        code = code == null ? "" : code;
    }
}
