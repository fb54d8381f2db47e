package dev.hearth.wasmnode.pod;

import dev.hearth.wasmnode.image.ImagePullException;
import dev.hearth.wasmnode.wasi.WasiModuleException;
import io.fabric8.kubernetes.api.model.Container;
import java.util.List;
import java.util.stream.Stream;

/**
 * The modules of the init containers and containers are being fetched. A pull that fails backs off and tries again; an image
 * that holds no runnable module fails the pod, since no retry would change it.
 *
 * @param failures pulls that failed in a row before this one
 */
public record ImagePull(int failures) implements PodState {

    static final String INVALID_MODULE = "InvalidModule";

    @Override
    public PodPhase phase() {
        return PodPhase.PENDING;
    }

    @Override
    public String reason() {
        return "ImagePull";
    }

    @Override
    public Transition next(PodContext pod) {
        pod.modules().clear();
        for (Container container : Stream.concat(pod.initContainers().stream(), pod.pod().getSpec().getContainers().stream())
                .toList()) {
            try {
                pod.modules().put(container.getName(), pod.images().pull(pod.pod(), container));
            } catch (ImagePullException e) {
                return Transition.to(new ImagePullBackoff(failures + 1, "failed to pull image " + container.getImage()
                        + ": " + e.detail()));
            } catch (WasiModuleException e) {
                return Transition.to(new Failed(INVALID_MODULE, "image " + container.getImage() + " of container "
                        + container.getName() + " is not a runnable WASI module: " + e.getMessage(), List.of()));
            }
        }
        return Transition.to(new VolumeMount());
    }
}
