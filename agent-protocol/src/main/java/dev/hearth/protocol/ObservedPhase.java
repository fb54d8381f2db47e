package dev.hearth.protocol;

/**
 * The lifecycle phases an agent can observe (DESIGN §6). The rest of the lifecycle ({@code REQUESTED},
 * {@code SCHEDULED}, {@code LOST}) is decided by the backend, never reported by an agent.
 */
public enum ObservedPhase {
    PROVISIONING,
    READY,
    DELETING,
    DELETED,
    FAILED
}
