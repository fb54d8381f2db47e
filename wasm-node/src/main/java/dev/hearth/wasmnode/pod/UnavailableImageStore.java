package dev.hearth.wasmnode.pod;

import dev.hearth.wasmnode.image.ImagePullException;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;

/**
 * The node's image store until the OCI image client is wired in: every pull fails with a message
 * saying so, which the pod shows in ImagePullBackoff, rather than the node pretending to pull.
 */
public final class UnavailableImageStore implements ImageStore {

    @Override
    public ContainerModule pull(Pod pod, Container container) {
        throw new ImagePullException(ImagePullException.Kind.UNREACHABLE, "this WASI node cannot pull images yet "
                + "(no image client is configured), so " + container.getImage() + " cannot be pulled");
    }
}
