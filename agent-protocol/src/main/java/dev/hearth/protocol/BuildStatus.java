package dev.hearth.protocol;

/** A build's status, as the REST API shows it (DESIGN §10). */
public enum BuildStatus {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED
}
