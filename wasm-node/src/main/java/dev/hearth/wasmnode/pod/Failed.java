package dev.hearth.wasmnode.pod;

import java.util.List;

/**
 * The pod cannot run (or go on running) on this node, for a reason no retry would change: the end of
 * the machine, with phase Failed and a reason and message a user can act on.
 *
 * @param reason the pod's {@code status.reason}, e.g. {@code UnsupportedDaemonSet}, {@code DeadlineExceeded}
 * @param message what happened, readable
 * @param results how each container ended, if they ran
 */
public record Failed(String reason, String message, List<ContainerResult> results) implements PodState {

    static final String DEADLINE_EXCEEDED = "DeadlineExceeded";
    static final String DEADLINE_MESSAGE = "Pod was active on the node longer than the specified deadline";

    public Failed {
        results = List.copyOf(results);
    }

    static Failed deadlineExceeded(List<ContainerResult> results) {
        return new Failed(DEADLINE_EXCEEDED, DEADLINE_MESSAGE, results);
    }

    static Failed nodeShutdown(List<ContainerResult> results) {
        return new Failed("NodeShutdown", "Pod was terminated in response to the WASI node shutting down", results);
    }

    @Override
    public PodPhase phase() {
        return PodPhase.FAILED;
    }

    @Override
    public Transition next(PodContext pod) {
        return Transition.done();
    }
}
