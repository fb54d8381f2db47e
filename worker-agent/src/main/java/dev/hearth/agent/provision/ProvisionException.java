package dev.hearth.agent.provision;


/**
 * A provisioning step failed: "failed to start the API server for cluster c42: …", followed by the
 * cluster's containers' state and last log lines when they exist (docs/architecture.md, "Conventions").
 */
public final class ProvisionException extends RuntimeException {

    private final Step step;

    ProvisionException(Step step, String clusterId, Throwable cause, String diagnostics) {
        super("failed to " + step.action() + " for cluster " + clusterId + ": " + Failures.describe(cause)
                + (diagnostics.isEmpty() ? "" : "\n" + diagnostics), cause);
        this.step = step;
    }

    /** The step that failed. */
    public Step step() {
        return step;
    }
}
