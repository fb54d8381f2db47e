package dev.hearth.agent.plan;

import dev.hearth.agent.AgentSettings;
import dev.hearth.protocol.DesiredCluster;
import dev.hearth.protocol.FeatureGates;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns a desired cluster into a {@link ClusterPlan} under this agent's settings. Pure: no Docker,
 * no clock, no randomness — host ports are picked at start, secrets made by the certificate step.
 */
@ApplicationScoped
public class ClusterPlanner {

    public static final int API_SERVER_PORT = 6443;
    /** The WASI node's state volume (docs/wasm-node.md, "Paths the node writes"). */
    public static final String WASI_STATE_DIR = "/var/lib/hearth/wasm-node";
    /** In the state volume: the root file system is read-only, so the agent copies it there. */
    public static final String WASI_BOOTSTRAP_KUBECONFIG = WASI_STATE_DIR + "/bootstrap-kubeconfig";

    /**
     * What a READY cluster with the Krustlet gate says while this host has no WASI node image (the
     * wasm-node image comes with its own issue); honest and visible rather than silently missing.
     */
    public static final String WASI_NODE_MISSING = "WASI node not available on this host yet";

    private final AgentSettings settings;
    private final NodePlanner nodes;

    public ClusterPlanner(AgentSettings settings) {
        this.settings = settings;
        this.nodes = new NodePlanner(settings);
    }

    /**
     * The name a cluster's API server is known by: its control-plane container's hostname on the
     * cluster network, a SAN of its serving certificate, and the TLS server name (SNI) that the host's
     * endpoint routes by.
     */
    public static String apiServerName(String clusterId) {
        return ClusterNames.container(ClusterNames.requireValidId(clusterId), "control-plane");
    }

    /** A cluster's network, which its toolbox joins too. */
    public static String networkName(String clusterId) {
        return ClusterNames.network(ClusterNames.requireValidId(clusterId));
    }

    /** A cluster's container or volume of {@code purpose} ({@code toolbox}), named as the plan names its others. */
    public static String containerName(String clusterId, String purpose) {
        return ClusterNames.container(ClusterNames.requireValidId(clusterId), purpose);
    }

    public static String volumeName(String clusterId, String purpose) {
        return ClusterNames.volume(ClusterNames.requireValidId(clusterId), purpose);
    }

    /**
     * Plans one cluster.
     *
     * @throws IllegalArgumentException when the cluster's id cannot name Docker objects
     */
    public ClusterPlan plan(DesiredCluster desired) {
        String id = ClusterNames.requireValidId(desired.id());
        FeatureGates gates = desired.config().featureGates();
        Optional<RegistryLink> registry = gates.localRegistry() ? Optional.of(nodes.registryLink(desired.registryNamespace())) : Optional.empty();
        Optional<String> wasiNodeName = gates.krustlet()
                ? Optional.of(ClusterNames.wasiNode(desired.name(), id))
                : Optional.empty();
        NodeConfig nodeConfig = nodes.nodeConfig(registry, desired.config().registryMirrors());
        Optional<String> wasiImage = settings.images().wasiNode();
        boolean wasiNode = wasiNodeName.isPresent() && wasiImage.isPresent();

        List<VolumeSpec> volumes = new ArrayList<>();
        List<ContainerSpec> containers = new ArrayList<>();
        volumes.add(nodes.volume(id, "etcd", Role.CONTROL_PLANE));
        volumes.add(nodes.volume(id, "pki", Role.CONTROL_PLANE));
        containers.add(nodes.controlPlane(id));
        if (wasiNode) {
            volumes.add(nodes.volume(id, "wasi", Role.WASI_NODE));
            containers.add(nodes.wasiNode(id, wasiNodeName.get(), wasiImage.get(), nodeConfig));
        }
        List<String> notices = gates.krustlet() && !wasiNode ? List.of(WASI_NODE_MISSING) : List.of();
        return new ClusterPlan(id, settings.hostId(), desired.generation(),
                new NetworkSpec(ClusterNames.network(id), HearthLabels.of(id, settings.hostId())),
                volumes, containers, wasiNodeName, registry, nodes.apiServer(id), nodeConfig, notices);
    }
}
