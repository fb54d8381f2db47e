package dev.hearth.wasmnode.pod;

import java.util.List;

/** The pod's volumes are being prepared on the node; one that cannot be fails the pod with the reason. */
public record VolumeMount() implements PodState {

    @Override
    public PodPhase phase() {
        return PodPhase.PENDING;
    }

    @Override
    public String reason() {
        return "VolumeMount";
    }

    @Override
    public Transition next(PodContext pod) {
        try {
            pod.volumes(pod.sandboxes().mount(pod.pod()));
        } catch (PodSetupException e) {
            return Transition.to(new Failed("FailedMount", e.getMessage(), List.of()));
        }
        // Init containers that completed before a restart are not run again, as with a kubelet.
        int completed = pod.init().completed();
        return Transition.to(completed < pod.initContainers().size() ? new InitStarting(completed) : new Starting());
    }
}
