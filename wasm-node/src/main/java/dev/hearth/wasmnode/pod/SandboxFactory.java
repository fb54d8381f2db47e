package dev.hearth.wasmnode.pod;

import dev.hearth.wasmnode.wasi.WasiSandbox;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Optional;

/**
 * Turns a pod and one of its containers into what the module may see — the seam where the pod's
 * volumes and the richer forms of {@code env} are mapped to WASI. Called by the VolumeMount state
 * ({@link #mount}) once per pod start, and by the Starting state ({@link #sandbox}) per container.
 */
public interface SandboxFactory {

    /**
     * Prepares the pod's volumes on the node.
     *
     * @throws PodSetupException when a volume cannot be prepared; the message is shown in the pod status
     */
    PodVolumes mount(Pod pod);

    /**
     * The container's sandbox: its arguments, environment, preopened directories.
     *
     * @throws PodSetupException when the container asks for something the node cannot give it
     */
    WasiSandbox sandbox(Pod pod, Container container, PodVolumes volumes);

    /** Removes what {@link #mount} prepared, once the pod is gone. */
    void unmount(Pod pod);

    /**
     * The pod has finished on the node (its modules will not run again) but keeps its volumes until it
     * is deleted: what keeps them up to date (token refreshes) can stop.
     */
    default void finished(Pod pod) {}

    /** Releases what the factory holds for the node's life (e.g. token refreshes), when the node stops. */
    default void close() {}

    /**
     * Why the node will not give the pod one of its volumes at all (e.g. {@code hostPath}), checked
     * when the pod is admitted, before anything is pulled; empty when every volume is one it gives.
     */
    default Optional<String> unsupportedVolume(Pod pod) {
        return Optional.empty();
    }
}
