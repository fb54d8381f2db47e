package dev.hearth.backend.problem;

/** 403 for an API token that lacks the scope an endpoint needs; names the scope so the fix is obvious. */
public class MissingScopeProblem extends ProblemException {

    public MissingScopeProblem(String scope) {
        super(403, "missing-scope", "Missing scope",
                "this API token lacks the '" + scope + "' scope; create a token that includes it");
    }
}
