package dev.hearth.backend.problem;

/** 409: the request is well-formed but the resource's current state does not allow it. */
public class ConflictProblem extends ProblemException {

    public ConflictProblem(String slug, String title, String detail) {
        super(409, slug, title, detail);
    }
}
