package dev.hearth.protocol;

/** A build's status, as the REST API shows it (docs/architecture.md, "The backend"). */
public enum BuildStatus {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED
}
