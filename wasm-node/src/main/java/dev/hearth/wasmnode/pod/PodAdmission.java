package dev.hearth.wasmnode.pod;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * What the node checks before it takes a pod on, as the kubelet's admission handlers do
 * (https://kubernetes.io/docs/concepts/scheduling-eviction/node-pressure-eviction/ and the kubelet's
 * {@code OutOf<resource>} rejections): a pod bound with {@code spec.nodeName} skips the scheduler, so
 * the node itself enforces its advertised {@code pods} capacity, its cap on concurrently running
 * modules (one platform thread each), and the volumes it can give. A refused pod ends at once as
 * Failed with the reason and a message; nothing of it runs.
 *
 * @param maxPods the Node's {@code pods} capacity
 * @param maxModules how many modules may run at once on the node (one per container of an admitted pod)
 */
public record PodAdmission(int maxPods, int maxModules) {

    /** The kubelet's reason for a pod beyond the node's pod capacity. */
    static final String OUT_OF_PODS = "OutOfpods";
    /** The same for the node's module cap, in the kubelet's {@code OutOf<resource>} form. */
    static final String OUT_OF_MODULES = "OutOfmodules";
    static final String UNSUPPORTED_VOLUME = "UnsupportedVolume";

    public PodAdmission {
        if (maxPods < 1 || maxModules < 1) {
            throw new IllegalArgumentException("a node must take at least one pod and one module, got pods " + maxPods
                    + ", modules " + maxModules);
        }
    }

    /**
     * @param admitted the pods the node runs now (admitted before and not finished)
     * @return the Failed state for a pod the node will not take, empty when it takes it
     */
    public Optional<Failed> refusal(Pod pod, Collection<Pod> admitted, SandboxFactory sandboxes) {
        if (admitted.size() >= maxPods) {
            return Optional.of(refused(OUT_OF_PODS, "Node didn't have enough resource: pods, requested: 1, used: "
                    + admitted.size() + ", capacity: " + maxPods));
        }
        int requested = modules(pod);
        int used = admitted.stream().mapToInt(PodAdmission::modules).sum();
        if (used + requested > maxModules) {
            return Optional.of(refused(OUT_OF_MODULES, "Node didn't have enough resource: modules (one per container),"
                    + " requested: " + requested + ", used: " + used + ", capacity: " + maxModules));
        }
        return sandboxes.unsupportedVolume(pod).map(why -> refused(UNSUPPORTED_VOLUME, why));
    }

    /**
     * The modules a pod runs at once: its containers (init containers run one at a time before them).
     */
    static int modules(Pod pod) {
        return Math.max(1, pod.getSpec().getContainers() == null ? 0 : pod.getSpec().getContainers().size());
    }

    private static Failed refused(String reason, String message) {
        return new Failed(reason, message, List.of());
    }
}
