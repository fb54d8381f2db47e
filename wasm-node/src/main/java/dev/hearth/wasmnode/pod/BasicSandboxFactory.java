package dev.hearth.wasmnode.pod;

import dev.hearth.wasmnode.wasi.WasiSandbox;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;

/**
 * The part of the sandbox mapping that needs nothing from the API server: {@code args} as argv
 * (docs/wasm-node.md: args only, no command), {@code env} entries with a literal {@code value}, and {@code workingDir}.
 * Volumes and the other {@code env} sources come with the volume mapping; until then a pod's volumes
 * (the service-account token every pod gets, for one) are not given to the module, and an {@code env}
 * entry taken from elsewhere is refused, so a module never runs with a variable silently missing.
 */
public final class BasicSandboxFactory implements SandboxFactory {

    @Override
    public PodVolumes mount(Pod pod) {
        return PodVolumes.NONE;
    }

    @Override
    public WasiSandbox sandbox(Pod pod, Container container, PodVolumes volumes) {
        WasiSandbox.Builder sandbox = WasiSandbox.builder();
        if (container.getArgs() != null) {
            sandbox.arguments(container.getArgs());
        }
        if (container.getEnv() != null) {
            for (EnvVar env : container.getEnv()) {
                if (env.getValueFrom() != null) {
                    throw new PodSetupException("container " + container.getName() + ": env " + env.getName()
                            + " takes its value from elsewhere (valueFrom), which this node does not map yet");
                }
                sandbox.env(env.getName(), env.getValue() == null ? "" : env.getValue());
            }
        }
        if (container.getEnvFrom() != null && !container.getEnvFrom().isEmpty()) {
            throw new PodSetupException("container " + container.getName() + " uses envFrom, which this node does not map yet");
        }
        String workingDir = container.getWorkingDir();
        if (workingDir != null && !workingDir.isEmpty()) {
            if (!workingDir.startsWith("/")) {
                throw new PodSetupException("container " + container.getName() + ": workingDir must be absolute, got '"
                        + workingDir + "'");
            }
            // WASI has no current directory of its own; wasi-libc and Rust's std start at "/", and PWD is
            // where a shell-like module looks for its directory.
            if (container.getEnv() == null || container.getEnv().stream().noneMatch(env -> env.getName().equals("PWD"))) {
                sandbox.env("PWD", workingDir);
            }
        }
        return sandbox.build();
    }

    @Override
    public void unmount(Pod pod) {}
}
