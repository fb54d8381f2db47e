package dev.hearth.wasmnode.pod;

import java.util.List;

/**
 * Every container's module exited 0. With {@code restartPolicy: Always} the pod starts again after a
 * back-off (and stays Running); otherwise it has Succeeded.
 *
 * @param results how each container ended
 * @param restarts whether the restart policy starts the pod again
 */
public record Completed(List<ContainerResult> results, boolean restarts) implements PodState {

    public Completed {
        results = List.copyOf(results);
    }

    @Override
    public PodPhase phase() {
        return restarts ? PodPhase.RUNNING : PodPhase.SUCCEEDED;
    }

    @Override
    public String reason() {
        return "Completed";
    }

    @Override
    public Transition next(PodContext pod) {
        return restarts
                ? Transition.to(new CrashLoopBackoff(pod.settings().crashLoop().delay(pod.restarts() + 1)))
                : Transition.done();
    }
}
