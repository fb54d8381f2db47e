package dev.hearth.wasmnode.volume;

import dev.hearth.wasmnode.pod.PodSetupException;
import dev.hearth.wasmnode.pod.PodVolumes;
import dev.hearth.wasmnode.pod.SandboxFactory;
import dev.hearth.wasmnode.wasi.WasiSandbox;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The WASI node's {@link SandboxFactory}: a container's {@code args} as argv (docs/wasm-node.md: args only),
 * its environment ({@link EnvMapping}), its volume mounts as preopened directories at their
 * {@code mountPath} — read-only through a {@link ReadOnlyView} when the mount says {@code readOnly} or
 * the volume is one Kubernetes always mounts read-only (ConfigMap, Secret, downward API, projected),
 * an emptyDir otherwise through a {@link BoundedView} that counts its writes; both confine the module
 * to the volume — {@code workingDir} as {@code PWD}, and {@code resources.limits.memory} as the module's memory limit.
 */
public final class PodSandboxFactory implements SandboxFactory {

    /**
     * A container without a memory limit may still not take the node's heap, where modules' memory
     * lives: it gets this much.
     */
    public static final long DEFAULT_MAX_MEMORY_BYTES = 64L * 1024 * 1024;

    private final VolumeMaterializer volumes;
    private final ServiceAccountTokens tokens;
    private final EnvMapping env;
    private final String nodeIp;
    private final long defaultMaxMemoryBytes;
    /** What {@link #mount} made for each pod on the node, by pod UID: how each volume is to be preopened. */
    private final Map<String, Map<String, VolumeMaterializer.Materialized>> mounted = new ConcurrentHashMap<>();

    /**
     * @param podsDir where pods' volumes are made; modules write there, so it must hold nothing the node trusts
     * @param objects where ConfigMaps and Secrets are read
     * @param nodeIp the node's address, the pod's {@code status.hostIP} and {@code status.podIP}
     * @param tokens issues and refreshes projected service-account tokens; closed with the factory
     * @param limits how much pods' emptyDirs may hold
     */
    public PodSandboxFactory(Path podsDir, ClusterObjects objects, ServiceAccountTokens tokens, String nodeIp,
            long defaultMaxMemoryBytes, VolumeLimits limits) {
        this.volumes = new VolumeMaterializer(podsDir, objects, tokens, limits);
        this.tokens = tokens;
        this.env = new EnvMapping(objects);
        this.nodeIp = nodeIp;
        this.defaultMaxMemoryBytes = defaultMaxMemoryBytes;
    }

    @Override
    public Optional<String> unsupportedVolume(Pod pod) {
        return VolumeMaterializer.unsupported(pod);
    }

    @Override
    public PodVolumes mount(Pod pod) {
        Map<String, VolumeMaterializer.Materialized> made = volumes.materialize(pod, nodeIp);
        mounted.put(pod.getMetadata().getUid(), made);
        Map<String, Path> directories = new LinkedHashMap<>();
        made.forEach((name, volume) -> directories.put(name, volume.directory()));
        return new PodVolumes(directories);
    }

    @Override
    public WasiSandbox sandbox(Pod pod, Container container, PodVolumes mounted) {
        WasiSandbox.Builder sandbox = WasiSandbox.builder();
        if (container.getArgs() != null) {
            sandbox.arguments(container.getArgs());
        }
        Map<String, String> environment = env.environment(pod, container, nodeIp);
        String workingDir = container.getWorkingDir();
        if (workingDir != null && !workingDir.isEmpty()) {
            if (!workingDir.startsWith("/")) {
                throw new PodSetupException("workingDir must be absolute, got '" + workingDir + "'");
            }
            // WASI has no current directory of its own; wasi-libc and Rust's std start at "/", and PWD is
            // where a shell-like module looks for its directory.
            environment.putIfAbsent("PWD", workingDir);
        }
        environment.forEach(sandbox::env);
        Map<String, VolumeMaterializer.Materialized> made = this.mounted.getOrDefault(pod.getMetadata().getUid(), Map.of());
        for (VolumeMount mount : mounts(container)) {
            sandbox.preopen(mount.getMountPath(), view(mount, directory(mount, mounted), made.get(mount.getName())));
        }
        sandbox.maxMemoryBytes(memoryLimit(container));
        return sandbox.build();
    }

    @Override
    public void unmount(Pod pod) {
        mounted.remove(pod.getMetadata().getUid());
        volumes.remove(pod);
    }

    @Override
    public void finished(Pod pod) {
        tokens.forget(pod);
    }

    @Override
    public void close() {
        tokens.close();
    }

    private static List<VolumeMount> mounts(Container container) {
        return container.getVolumeMounts() == null ? List.of() : container.getVolumeMounts();
    }

    private static Path directory(VolumeMount mount, PodVolumes mounted) {
        Path volume = mounted.directories().get(mount.getName());
        if (volume == null) {
            throw new PodSetupException("volumeMount " + mount.getMountPath() + " names volume " + mount.getName()
                    + ", which the pod does not declare");
        }
        if (mount.getSubPathExpr() != null && !mount.getSubPathExpr().isEmpty()) {
            throw new PodSetupException("volumeMount " + mount.getMountPath() + ": subPathExpr is not supported on a WASI"
                    + " node; use subPath");
        }
        Path dir = volume;
        String subPath = mount.getSubPath();
        if (subPath != null && !subPath.isEmpty()) {
            dir = volume.resolve(subPath).normalize();
            if (Path.of(subPath).isAbsolute() || !dir.startsWith(volume) || !realPathInside(dir, volume)) {
                throw new PodSetupException("volumeMount " + mount.getMountPath() + ": subPath " + subPath
                        + " must stay inside volume " + mount.getName());
            }
        }
        return dir;
    }

    /**
     * Where a subPath really is (a module may have made it a symbolic link in an emptyDir) must be inside
     * the volume, as the kubelet checks; a subPath not there yet fails later as a missing directory.
     */
    private static boolean realPathInside(Path dir, Path volume) {
        try {
            return !Files.exists(dir) || dir.toRealPath().startsWith(volume.toRealPath());
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The directory as the module gets it: read-only when the mount says so or the volume is one
     * Kubernetes always mounts read-only, written within its quota for an emptyDir — never the node's
     * own path, so every access goes through the confinement of a volume view.
     */
    private static Path view(VolumeMount mount, Path dir, VolumeMaterializer.Materialized volume) {
        boolean readOnly = Boolean.TRUE.equals(mount.getReadOnly()) || volume == null || volume.alwaysReadOnly()
                || volume.quota().isEmpty();
        return readOnly ? ReadOnlyView.of(dir) : BoundedView.of(dir, volume.quota().get());
    }

    private long memoryLimit(Container container) {
        var resources = container.getResources();
        Quantity limit = resources == null || resources.getLimits() == null ? null : resources.getLimits().get("memory");
        if (limit == null) {
            return defaultMaxMemoryBytes;
        }
        try {
            return Quantity.getAmountInBytes(limit).longValueExact();
        } catch (ArithmeticException | IllegalArgumentException e) {
            throw new PodSetupException("resources.limits.memory " + limit + " is not a usable amount of memory");
        }
    }
}
