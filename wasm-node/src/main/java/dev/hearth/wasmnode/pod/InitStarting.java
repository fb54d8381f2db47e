package dev.hearth.wasmnode.pod;

import dev.hearth.wasmnode.logs.ContainerLog;
import dev.hearth.wasmnode.wasi.WasiSandbox;
import dev.hearth.wasmnode.wasi.WasiSandboxException;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.List;

/**
 * The init container at {@code index} (in {@code spec.initContainers} order) is being started: its
 * sandbox built over the pod's volumes — the ones the app containers will share — and its module
 * started with its output going to its own log ({@code kubectl logs -c <init container>}).
 *
 * @param index the init container to start; every one before it has completed
 */
public record InitStarting(int index) implements PodState {

    @Override
    public PodPhase phase() {
        return PodPhase.PENDING;
    }

    @Override
    public String reason() {
        return InitRunning.REASON;
    }

    @Override
    public Transition next(PodContext pod) {
        Container container = pod.initContainers().get(index);
        WasiSandbox sandbox;
        try {
            sandbox = pod.sandboxes().sandbox(pod.pod(), container, pod.volumes());
        } catch (PodSetupException | WasiSandboxException | IllegalArgumentException e) {
            return Transition.to(new Failed("CreateContainerError", "init container " + container.getName() + ": "
                    + e.getMessage(), List.of()));
        }
        ObjectMeta meta = pod.pod().getMetadata();
        ContainerLog log = pod.logs().open(meta.getNamespace(), meta.getName(), meta.getUid(), container.getName(),
                pod.init().restarts(container.getName()));
        RunningModule module = pod.launcher().start("pod " + pod.key() + " init container " + container.getName(),
                container.getName(), pod.modules().get(container.getName()).program(), sandbox, log);
        return Transition.to(new InitRunning(index, module));
    }
}
