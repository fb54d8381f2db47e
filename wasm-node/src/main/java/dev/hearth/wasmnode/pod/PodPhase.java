package dev.hearth.wasmnode.pod;

/** The pod phases of the Kubernetes API, as {@code status.phase} spells them. */
public enum PodPhase {
    PENDING("Pending"),
    RUNNING("Running"),
    SUCCEEDED("Succeeded"),
    FAILED("Failed");

    private final String apiName;

    PodPhase(String apiName) {
        this.apiName = apiName;
    }

    public String apiName() {
        return apiName;
    }
}
