package dev.hearth.wasmnode.modules;

import dev.hearth.wasmnode.NodeSettings;
import dev.hearth.wasmnode.image.ImagePuller;
import dev.hearth.wasmnode.image.KubernetesPullSecrets;
import dev.hearth.wasmnode.image.PullSettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Locale;
import java.util.Optional;

/**
 * The node's image store as the running node uses it: modules cached under {@code <state>/modules},
 * compiled classes under {@code <state>/compiled} (both on the node's volume, so they survive a
 * restart), pulls configured by the agent's {@code HEARTH_INSECURE_REGISTRIES} and
 * {@code HEARTH_REGISTRY_MIRRORS}; {@code HEARTH_WASM_EXECUTION=interpreted} turns compilation off.
 */
public final class NodeModules {

    private NodeModules() {}

    public static RegistryImageStore imageStore(NodeSettings settings, KubernetesClient kubernetes, Optional<String> execution) {
        ExecutionMode mode = execution.map(text -> ExecutionMode.valueOf(text.strip().toUpperCase(Locale.ROOT)))
                .orElse(ExecutionMode.COMPILED);
        ImagePuller puller = ImagePuller.create(new PullSettings(settings.insecureRegistries(), settings.registryMirrors()),
                settings.stateDir().resolve("modules"));
        return new RegistryImageStore(puller, new KubernetesPullSecrets(kubernetes),
                ModuleCompiler.create(mode, settings.stateDir().resolve("compiled")));
    }
}
