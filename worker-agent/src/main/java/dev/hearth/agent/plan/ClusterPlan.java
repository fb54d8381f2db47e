package dev.hearth.agent.plan;

import java.util.List;
import java.util.Optional;

/**
 * Everything one cluster on this host consists of, decided before any Docker call (docs/architecture.md, "Conventions").
 * Equal desired clusters under equal settings give equal plans, so a restarted agent re-derives the
 * same plan and converges to it.
 *
 * @param clusterId the cluster's short id, {@code <c>} in every name
 * @param hostId the host whose agent owns every object here
 * @param generation the desired generation this plan was made for
 * @param network the cluster's network
 * @param volumes its volumes
 * @param containers its containers, control plane first
 * @param wasiNodeName the Node the WASI node registers, when the {@code Krustlet} gate is on
 * @param registry how it reaches the host's registry, when the {@code LocalRegistry} gate is on
 * @param apiServer what its API server certificate and kubeconfigs must say
 * @param nodeConfig what its WASI node needs to pull images
 * @param notices what a READY report must admit this cluster lacks, in words a participant reads
 */
public record ClusterPlan(
        String clusterId,
        String hostId,
        long generation,
        NetworkSpec network,
        List<VolumeSpec> volumes,
        List<ContainerSpec> containers,
        Optional<String> wasiNodeName,
        Optional<RegistryLink> registry,
        ApiServerPlan apiServer,
        NodeConfig nodeConfig,
        List<String> notices) {

    public ClusterPlan {
        volumes = List.copyOf(volumes);
        containers = List.copyOf(containers);
        notices = List.copyOf(notices);
    }

    /** The container playing {@code role}, if the cluster has one. */
    public Optional<ContainerSpec> container(Role role) {
        return containers.stream().filter(container -> container.role() == role).findFirst();
    }
}
