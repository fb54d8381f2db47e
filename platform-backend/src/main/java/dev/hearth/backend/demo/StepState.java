package dev.hearth.backend.demo;

/** Where one guided-demo step stands, as the page and the API show it. */
public enum StepState {
    /** An earlier step is not done yet. */
    LOCKED,
    /** It can be done now. */
    READY,
    /** Hearth is doing it (provisioning, building, the pod running). */
    RUNNING,
    DONE,
    /** It failed; the detail says why, and it can be retried. */
    FAILED
}
