package dev.hearth.wasmnode.pod;

import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.List;

/** The node has accepted the pod; it checks the pod is one it can run before pulling anything. */
public record Registered() implements PodState {

    static final String UNSUPPORTED_DAEMON_SET = "UnsupportedDaemonSet";

    @Override
    public PodPhase phase() {
        return PodPhase.PENDING;
    }

    @Override
    public String reason() {
        return "Registered";
    }

    @Override
    public Transition next(PodContext pod) {
        List<OwnerReference> owners = pod.pod().getMetadata().getOwnerReferences();
        if (owners != null && owners.stream().anyMatch(owner -> "DaemonSet".equals(owner.getKind()))) {
            // kube-proxy and friends tolerate every taint; they are Linux containers, not WASI modules.
            return Transition.to(new Failed(UNSUPPORTED_DAEMON_SET, "DaemonSet pods do not run on WASI nodes: "
                    + "this node runs WebAssembly (wasm32-wasi) modules only, and DaemonSets are Linux containers",
                    List.of()));
        }
        if (pod.pod().getSpec().getInitContainers() != null && !pod.pod().getSpec().getInitContainers().isEmpty()) {
            return Transition.to(new Failed("UnsupportedInitContainers",
                    "init containers are not supported on this WASI node yet", List.of()));
        }
        return Transition.to(new ImagePull(0));
    }
}
