package dev.hearth.wasmnode.modules;

import dev.hearth.wasmnode.image.ImagePullException;
import dev.hearth.wasmnode.image.ImagePuller;
import dev.hearth.wasmnode.image.KubernetesPullSecrets;
import dev.hearth.wasmnode.image.PulledModule;
import dev.hearth.wasmnode.pod.ContainerModule;
import dev.hearth.wasmnode.pod.ImageStore;
import dev.hearth.wasmnode.wasi.WasiProgram;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;

/**
 * The WASI node's {@link ImageStore}: pulls the container's image from its registry
 * ({@link ImagePuller}, with the pod's pull secrets and the container's pull policy), then gets its
 * program from the compiled-module cache, so a module already pulled and compiled starts at once.
 */
public final class RegistryImageStore implements ImageStore {

    private final ImagePuller puller;
    private final KubernetesPullSecrets secrets;
    private final ModuleCompiler compiler;

    public RegistryImageStore(ImagePuller puller, KubernetesPullSecrets secrets, ModuleCompiler compiler) {
        this.puller = puller;
        this.secrets = secrets;
        this.compiler = compiler;
    }

    @Override
    public ContainerModule pull(Pod pod, Container container) {
        PulledModule module;
        try {
            module = puller.pull(container.getImage(), container.getImagePullPolicy(), secrets.forPod(pod));
        } catch (IllegalArgumentException e) {
            // A malformed pull secret: the pod shows it and backs off until the secret is fixed.
            throw new ImagePullException(ImagePullException.Kind.UNAUTHORIZED, e.getMessage(), e);
        }
        WasiProgram program = compiler.program(module.digest().toString(), module::bytes);
        return new ContainerModule(module.imageId(), program);
    }
}
