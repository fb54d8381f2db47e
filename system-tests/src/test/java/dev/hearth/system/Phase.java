package dev.hearth.system;

/** A cluster's phase as the API reports it (docs/architecture.md, "Cluster lifecycle"); a value the API adds without this list fails to parse. */
public enum Phase {
    REQUESTED, SCHEDULED, PROVISIONING, READY, DELETING, DELETED, FAILED, LOST
}
