package dev.hearth.wasmnode.pod;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.List;
import java.util.Optional;

/** The node has accepted the pod; it checks the pod is one it can run before pulling anything. */
public record Registered() implements PodState {

    static final String UNSUPPORTED_DAEMON_SET = "UnsupportedDaemonSet";
    static final String UNSUPPORTED_SIDECAR = "UnsupportedSidecarContainers";

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
        Optional<Container> sidecar = pod.initContainers().stream()
                .filter(container -> "Always".equals(container.getRestartPolicy())).findFirst();
        if (sidecar.isPresent()) {
            // docs/wasm-node.md, "Init containers": why sidecars are refused rather than run.
            return Transition.to(new Failed(UNSUPPORTED_SIDECAR, "init container " + sidecar.get().getName()
                    + " has restartPolicy: Always (a sidecar container); this WASI node runs init containers to"
                    + " completion, one after the other, and does not run sidecars: run it as one of the pod's"
                    + " containers instead", List.of()));
        }
        return Transition.to(new ImagePull(0));
    }
}
