package dev.hearth.protocol;

/**
 * The lifecycle phases an agent can observe (docs/architecture.md, "Cluster lifecycle"). The rest of the lifecycle ({@code REQUESTED},
 * {@code SCHEDULED}, {@code LOST}) is decided by the backend, never reported by an agent.
 */
public enum ObservedPhase {
    PROVISIONING,
    READY,
    DELETING,
    DELETED,
    FAILED
}
