package dev.hearth.wasmnode.pod;

import dev.hearth.wasmnode.image.ImagePullException;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;

/**
 * Where a container's module comes from — the seam the OCI image client fills (pulls by the
 * container's {@code image}, {@code imagePullPolicy} and the pod's {@code imagePullSecrets}, a
 * digest-keyed cache, compiled modules). The pod lifecycle calls it in its ImagePull state, once per
 * container per start.
 */
public interface ImageStore {

    /**
     * The container's module, ready to run.
     *
     * @throws ImagePullException when the image cannot be had now (the pod backs off and tries again)
     * @throws dev.hearth.wasmnode.wasi.WasiModuleException when the image holds no runnable WASI module
     *     (the pod fails: trying again would not help)
     */
    ContainerModule pull(Pod pod, Container container);
}
