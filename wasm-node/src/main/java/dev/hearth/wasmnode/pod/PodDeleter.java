package dev.hearth.wasmnode.pod;

import io.fabric8.kubernetes.api.model.Pod;

/** Finishes a pod's deletion once the node has stopped it: deletes it with grace period 0, as the kubelet does. */
@FunctionalInterface
public interface PodDeleter {

    void deleteNow(Pod pod);
}
