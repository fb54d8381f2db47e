package dev.hearth.backend.cluster;

/** Lifecycle of a cluster (docs/architecture.md, "Cluster lifecycle"). */
public enum ClusterPhase {
    /** Accepted, waiting in the queue for a host with capacity. */
    REQUESTED,
    /** A host has been chosen; its agent has not started work yet. */
    SCHEDULED,
    /** The agent is creating containers; {@code step} says which. */
    PROVISIONING,
    /** API server answers, WASI node Ready, registry ConfigMap present. */
    READY,
    /** Deletion requested; the agent is removing containers. */
    DELETING,
    /** Gone. Kept as a record, hidden from lists. */
    DELETED,
    /** Provisioning failed; {@code message} says why. */
    FAILED,
    /** Its host stopped answering. */
    LOST;

    /** Whether the cluster can still be extended or otherwise changed by its owner. */
    public boolean isLive() {
        return this != DELETING && this != DELETED && this != FAILED;
    }

    /**
     * Whether its host should hold it: these are the clusters in the host's desired set (docs/agent-channel.md).
     * A FAILED cluster stays, so its owner can look at what went wrong, until they delete it.
     */
    public boolean isDesiredOnHost() {
        return this == SCHEDULED || this == PROVISIONING || this == READY || this == FAILED;
    }

    /** Whether it occupies room on its host: the desired ones, and those whose containers are being removed. */
    public boolean holdsCapacity() {
        return isDesiredOnHost() || this == DELETING;
    }
}
