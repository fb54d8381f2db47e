package dev.hearth.wasmnode.pod;

import java.time.Duration;

/**
 * The pod's containers ended and will be started again once the back-off has passed (10 s doubling
 * per restart up to 300 s by default); meanwhile they show {@code CrashLoopBackOff} and their last run.
 *
 * @param delay how long this back-off lasts
 */
public record CrashLoopBackoff(Duration delay) implements PodState {

    @Override
    public PodPhase phase() {
        return PodPhase.RUNNING;
    }

    @Override
    public String reason() {
        return "CrashLoopBackOff";
    }

    @Override
    public String message() {
        return "back-off " + delay.toSeconds() + "s restarting the pod's containers";
    }

    @Override
    public Transition next(PodContext pod) throws InterruptedException {
        return switch (pod.await(delay)) {
            case ELAPSED -> {
                pod.restarted();
                yield Transition.to(new ImagePull(0));
            }
            case DEADLINE -> Transition.to(Failed.deadlineExceeded(pod.lastResults()));
            case DELETED -> Transition.to(new Terminated());
            case NODE_SHUTDOWN -> Transition.to(Failed.nodeShutdown(pod.lastResults()));
        };
    }
}
