package dev.hearth.wasmnode.pod;

/** Why a pod's wait ended. */
public enum Wake {
    /** The time waited for passed. */
    ELAPSED,
    /** The pod's {@code activeDeadlineSeconds} passed. */
    DEADLINE,
    /** The pod is being deleted. */
    DELETED,
    /** The node is shutting down. */
    NODE_SHUTDOWN
}
