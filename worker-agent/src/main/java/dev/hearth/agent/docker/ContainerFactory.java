package dev.hearth.agent.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.RestartPolicy;
import dev.hearth.agent.plan.ContainerSpec;
import dev.hearth.agent.plan.Hardening;
import dev.hearth.agent.plan.PortBinding;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;

/**
 * Creates a container exactly as its {@link ContainerSpec} says: labels, limits, ports, mounts, network, and
 * its {@link Hardening} — all capabilities dropped but the ones it lists, {@code no-new-privileges}, a pids
 * limit, a read-only root file system with its volumes and tmpfs mounts as the only writable paths.
 */
public final class ContainerFactory {

    /** The network mode of a container that shares the host's network stack (the cluster endpoint). */
    public static final String HOST_NETWORK = "host";

    private ContainerFactory() {
    }

    /**
     * Creates (does not start) the container.
     *
     * @throws com.github.dockerjava.api.exception.ConflictException when a container of that name exists
     */
    public static void create(DockerClient docker, ContainerSpec spec, RestartPolicy restart) {
        Ports bindings = new Ports();
        List<ExposedPort> exposed = spec.ports().stream().map(port -> ExposedPort.tcp(port.containerPort())).toList();
        for (PortBinding port : spec.ports()) {
            bindings.bind(ExposedPort.tcp(port.containerPort()), Ports.Binding.bindIpAndPort(port.hostIp(), hostPort(port)));
        }
        HostConfig host = HostConfig.newHostConfig()
                .withNetworkMode(spec.network())
                .withPortBindings(bindings)
                .withMemory(spec.limits().memoryBytes())
                .withMemorySwap(spec.limits().memoryBytes())
                .withNanoCPUs(spec.limits().nanoCpus())
                .withRestartPolicy(restart)
                .withCapDrop(Capability.ALL)
                .withCapAdd(spec.hardening().capAdd().stream().map(Capability::valueOf).toArray(Capability[]::new))
                .withSecurityOpts(List.of(Hardening.NO_NEW_PRIVILEGES))
                .withPidsLimit(spec.hardening().pidsLimit())
                .withReadonlyRootfs(true)
                .withTmpFs(spec.hardening().tmpfs())
                .withMounts(spec.mounts().stream().map(mount -> new Mount().withType(MountType.VOLUME)
                        .withSource(mount.volume()).withTarget(mount.target()).withReadOnly(mount.readOnly())).toList());
        var create = docker.createContainerCmd(spec.image()).withName(spec.name());
        if (!HOST_NETWORK.equals(spec.network())) {
            // Docker refuses a hostname of a container on the host's network (it has the host's).
            create.withHostName(spec.name());
        }
        create
                .withLabels(spec.labels())
                .withEnv(spec.env().entrySet().stream().map(env -> env.getKey() + "=" + env.getValue()).toList())
                .withExposedPorts(exposed)
                .withHostConfig(host)
                .exec();
    }

    /** Whether a container was made with the hardening above (one made before it is replaced). */
    public static boolean hardened(HostConfig host) {
        return host != null && Boolean.TRUE.equals(host.getReadonlyRootfs()) && host.getCapDrop() != null
                && List.of(host.getCapDrop()).contains(Capability.ALL) && host.getSecurityOpts() != null
                && host.getSecurityOpts().contains(Hardening.NO_NEW_PRIVILEGES) && host.getPidsLimit() != null
                && host.getPidsLimit() > 0;
    }

    /**
     * A fixed host port, picked free now rather than by Docker at start: Docker's pick changes when a
     * stopped container starts again, and a kubeconfig handed out must keep naming the right port.
     */
    private static int hostPort(PortBinding port) {
        if (port.hostPort() != PortBinding.PICK_FREE) {
            return port.hostPort();
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(port.hostIp()))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + port.hostIp(), e);
        }
    }
}
