package dev.hearth.wasmnode.pod;

import java.util.List;

/**
 * A pull failed; the pod waits (back-off doubling per failure) before pulling again. The containers
 * show {@code ImagePullBackOff} with the registry's error.
 *
 * @param failures pulls that failed in a row
 * @param message why the last one failed
 */
public record ImagePullBackoff(int failures, String message) implements PodState {

    @Override
    public PodPhase phase() {
        return PodPhase.PENDING;
    }

    @Override
    public String reason() {
        return "ImagePullBackOff";
    }

    @Override
    public Transition next(PodContext pod) throws InterruptedException {
        return switch (pod.await(pod.settings().imagePull().delay(failures))) {
            case ELAPSED -> Transition.to(new ImagePull(failures));
            case DEADLINE -> Transition.to(Failed.deadlineExceeded(List.of()));
            case DELETED -> Transition.to(new Terminated());
            case NODE_SHUTDOWN -> Transition.to(Failed.nodeShutdown(List.of()));
        };
    }
}
