package dev.hearth.wasmnode.pod;

import java.time.Duration;

/**
 * The pod's containers ended — or one of its init containers failed — and will be started again once
 * the back-off has passed (10 s doubling per restart up to 300 s by default); meanwhile they show
 * {@code CrashLoopBackOff} and their last run.
 *
 * @param delay how long this back-off lasts
 * @param initContainer the init container that failed and is started again, or null for the app containers
 */
public record CrashLoopBackoff(Duration delay, String initContainer) implements PodState {

    /** A back-off before the app containers start again. */
    public CrashLoopBackoff(Duration delay) {
        this(delay, null);
    }

    @Override
    public PodPhase phase() {
        // A pod whose init containers have not all completed is still Pending, restarting or not.
        return initContainer == null ? PodPhase.RUNNING : PodPhase.PENDING;
    }

    @Override
    public String reason() {
        return "CrashLoopBackOff";
    }

    @Override
    public String message() {
        return "back-off " + delay.toSeconds() + "s restarting "
                + (initContainer == null ? "the pod's containers" : "failed init container " + initContainer);
    }

    @Override
    public Transition next(PodContext pod) throws InterruptedException {
        return switch (pod.await(delay)) {
            case ELAPSED -> {
                if (initContainer == null) {
                    pod.restarted();
                } else {
                    pod.init().restarted(initContainer);
                }
                yield Transition.to(new ImagePull(0));
            }
            case DEADLINE -> Transition.to(Failed.deadlineExceeded(pod.lastResults()));
            case DELETED -> Transition.to(new Terminated());
            case NODE_SHUTDOWN -> Transition.to(Failed.nodeShutdown(pod.lastResults()));
        };
    }
}
