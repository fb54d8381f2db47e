package dev.hearth.agent.docker;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import dev.hearth.agent.plan.ContainerNodeIsolation;
import dev.hearth.agent.plan.Hardening;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Creates a container node's container with its {@link ContainerNodeIsolation} (docs/container-node.md,
 * "Isolation"): never privileged, as the node's own non-root uid, every capability dropped and none added,
 * {@code no-new-privileges}, Hearth's seccomp profile, a pids limit, and {@code /proc} unmasked.
 */
public final class ContainerNodeContainers {

    private ContainerNodeContainers() {
    }

    /**
     * Docker's {@code MaskedPaths}/{@code ReadonlyPaths}, which docker-java's {@link HostConfig} does not
     * carry: empty lists are what {@code docker run --security-opt systempaths=unconfined} sends. The kernel
     * refuses a new {@code proc} mount in a user namespace while the outer one has paths masked over.
     */
    static final class UnmaskedHostConfig extends HostConfig {
        private static final long serialVersionUID = 1L;

        @JsonProperty("MaskedPaths")
        private final List<String> maskedPaths = List.of();

        @JsonProperty("ReadonlyPaths")
        private final List<String> readonlyPaths = List.of();
    }

    /**
     * Creates (does not start) the node container {@code name} running {@code entrypoint} in {@code image}.
     *
     * @param cgroups the node's delegated cgroup subtree ({@link CgroupDelegation}), or {@code null} for
     *                Docker's read-only cgroups (a node that runs no containers of its own)
     * @param binds   further bind mounts (read-only ones: the node's binaries, images to load)
     */
    public static void create(DockerClient docker, String name, String image, String network, Map<String, String> labels,
            ContainerNodeIsolation isolation, CgroupDelegation.Delegated cgroups, List<Bind> binds,
            List<String> entrypoint) {
        List<Bind> all = new ArrayList<>(binds);
        HostConfig host = new UnmaskedHostConfig()
                .withNetworkMode(network)
                .withPrivileged(false)
                .withCapDrop(Capability.ALL)
                .withSecurityOpts(List.of(Hardening.NO_NEW_PRIVILEGES, "seccomp=" + isolation.seccompProfile()))
                .withPidsLimit(isolation.pidsLimit());
        if (cgroups != null) {
            host.withCgroupParent(cgroups.cgroupParent());
            all.addAll(cgroups.binds());
        }
        host.withBinds(all);
        docker.createContainerCmd(image).withName(name).withHostName(name)
                .withUser(isolation.user())
                .withLabels(labels)
                .withEntrypoint(entrypoint)
                .withHostConfig(host)
                .exec();
    }
}
