package dev.hearth.wasmnode.pod;

import java.util.Map;
import java.util.Set;

/**
 * The edges of the pod state machine, declared in one place: the runner refuses any other, and a test
 * pins them. Deletion and node shutdown may end any waiting or running state; a deadline may end any
 * state that waits.
 */
public final class PodTransitions {

    public static final Map<Class<? extends PodState>, Set<Class<? extends PodState>>> ALLOWED = Map.ofEntries(
            Map.entry(Registered.class, Set.of(ImagePull.class, Failed.class, Terminated.class)),
            Map.entry(ImagePull.class, Set.of(VolumeMount.class, ImagePullBackoff.class, Failed.class, Terminated.class)),
            Map.entry(ImagePullBackoff.class, Set.of(ImagePull.class, Terminated.class, Failed.class)),
            Map.entry(VolumeMount.class, Set.of(InitStarting.class, Starting.class, Failed.class, Terminated.class)),
            Map.entry(InitStarting.class, Set.of(InitRunning.class, Failed.class, Terminated.class)),
            Map.entry(InitRunning.class, Set.of(InitStarting.class, Starting.class, CrashLoopBackoff.class, Failed.class,
                    Terminated.class)),
            Map.entry(Starting.class, Set.of(Running.class, Failed.class, Terminated.class)),
            Map.entry(Running.class, Set.of(Completed.class, Error.class, Terminated.class, Failed.class)),
            Map.entry(Completed.class, Set.of(CrashLoopBackoff.class)),
            Map.entry(Error.class, Set.of(CrashLoopBackoff.class)),
            Map.entry(CrashLoopBackoff.class, Set.of(ImagePull.class, Terminated.class, Failed.class)),
            Map.entry(Terminated.class, Set.of()),
            Map.entry(Failed.class, Set.of()));

    private PodTransitions() {}

    /**
     * Where a pod goes when it is stopped before a quick state's work (those do not wait, so they do
     * not see the stop themselves): a deleted pod to Terminated, on node shutdown to Failed.
     */
    static PodState stoppedBefore(Wake why) {
        return why == Wake.DELETED ? new Terminated() : Failed.nodeShutdown(java.util.List.of());
    }

    /** The states that do their work without waiting, before which the runner looks for a stop. */
    static boolean quick(PodState state) {
        return state instanceof Registered || state instanceof ImagePull || state instanceof VolumeMount
                || state instanceof Starting || state instanceof InitStarting;
    }

    /** @throws IllegalStateException when {@code from} may not go to {@code to} */
    public static void check(PodState from, PodState to) {
        if (!ALLOWED.getOrDefault(from.getClass(), Set.of()).contains(to.getClass())) {
            throw new IllegalStateException("pod state " + from.getClass().getSimpleName() + " may not go to "
                    + to.getClass().getSimpleName());
        }
    }
}
