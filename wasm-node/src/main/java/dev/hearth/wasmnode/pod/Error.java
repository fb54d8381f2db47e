package dev.hearth.wasmnode.pod;

import java.util.List;

/**
 * A container's module exited non-zero, trapped or could not start. With {@code restartPolicy:
 * OnFailure} or {@code Always} the pod starts again after a back-off; with {@code Never} it has
 * Failed. (Krustlet ignored the restart policy; Hearth honours it.)
 *
 * @param results how each container ended
 * @param restarts whether the restart policy starts the pod again
 */
public record Error(List<ContainerResult> results, boolean restarts) implements PodState {

    public Error {
        results = List.copyOf(results);
    }

    @Override
    public PodPhase phase() {
        return restarts ? PodPhase.RUNNING : PodPhase.FAILED;
    }

    @Override
    public String reason() {
        return "Error";
    }

    @Override
    public Transition next(PodContext pod) {
        return restarts
                ? Transition.to(new CrashLoopBackoff(pod.settings().crashLoop().delay(pod.restarts() + 1)))
                : Transition.done();
    }
}
