package dev.hearth.wasmnode.pod;

/**
 * One state of a pod's life on the WASI node (docs/architecture.md, "Conventions", after Krustlet's pod state machine):
 * each reports the pod's phase and reason while it holds, does its work in {@link #next}, and says
 * where to go on. States do not touch the pod's status — the runner patches it from {@link #phase},
 * {@link #reason} and the context's bookkeeping — and {@link PodTransitions} declares the edges.
 */
public sealed interface PodState
        permits Registered, ImagePull, ImagePullBackoff, VolumeMount, InitStarting, InitRunning, Starting, Running,
                Completed, Error,
                CrashLoopBackoff, Terminated, Failed {

    /** The pod's {@code status.phase} while in this state. */
    PodPhase phase();

    /** The pod's {@code status.reason} while in this state. */
    String reason();

    /** The pod's {@code status.message}, or null. */
    default String message() {
        return null;
    }

    /** Whether the runner reports this state in the pod's status (a pod being deleted is not). */
    default boolean reported() {
        return true;
    }

    /**
     * Does this state's work.
     *
     * @throws InterruptedException when the node is stopping hard; the pod's status stays as it was
     */
    Transition next(PodContext pod) throws InterruptedException;
}
