package dev.hearth.system;

/** A cluster's phase as the API reports it (DESIGN §6); a value the API adds without this list fails to parse. */
public enum Phase {
    REQUESTED, SCHEDULED, PROVISIONING, READY, DELETING, DELETED, FAILED, LOST
}
