package dev.hearth.wasmnode.pod;

import dev.hearth.wasmnode.logs.ContainerLog;
import dev.hearth.wasmnode.wagi.WagiPods;
import dev.hearth.wasmnode.wasi.WasiSandbox;
import dev.hearth.wasmnode.wasi.WasiSandboxException;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The containers' sandboxes are being built and their modules started, each on its own thread with
 * its output going to a new log run. A container whose sandbox cannot be built fails the pod before
 * any module starts.
 */
public record Starting() implements PodState {

    @Override
    public PodPhase phase() {
        return PodPhase.PENDING;
    }

    @Override
    public String reason() {
        return "Starting";
    }

    @Override
    public Transition next(PodContext pod) {
        Map<Container, WasiSandbox> sandboxes = new LinkedHashMap<>();
        for (Container container : pod.pod().getSpec().getContainers()) {
            try {
                sandboxes.put(container, pod.sandboxes().sandbox(pod.pod(), container, pod.volumes()));
            } catch (PodSetupException | WasiSandboxException | IllegalArgumentException e) {
                return Transition.to(new Failed("CreateContainerError", "container " + container.getName() + ": "
                        + e.getMessage(), List.of()));
            }
        }
        ObjectMeta meta = pod.pod().getMetadata();
        List<RunningModule> modules = new ArrayList<>();
        sandboxes.forEach((container, sandbox) -> {
            ContainerLog log = pod.logs().open(meta.getNamespace(), meta.getName(), meta.getUid(), container.getName(),
                    pod.restarts());
            String threadName = "pod " + pod.key() + " container " + container.getName();
            var program = pod.modules().get(container.getName()).program();
            modules.add(WagiPods.httpPort(container)
                    .map(port -> pod.launcher().serve(threadName, pod.pod(), container, port, program, sandbox, log))
                    .orElseGet(() -> pod.launcher().start(threadName, container.getName(), program, sandbox, log)));
        });
        return Transition.to(new Running(modules));
    }
}
