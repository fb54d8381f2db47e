package dev.hearth.backend.problem;

/** 404. Also what a stranger gets for someone else's resource: its existence is not disclosed. */
public class NotFoundProblem extends ProblemException {

    public NotFoundProblem(String what, String id) {
        super(404, "not-found", "Not found", what + " '" + id + "' does not exist");
    }
}
