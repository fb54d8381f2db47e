package dev.hearth.agent.plan;

import dev.hearth.agent.AgentSettings;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The specs of a cluster's parts, under one agent's settings; {@link ClusterPlanner} assembles them. */
final class NodePlanner {

    /** Every cluster sees its host's registry under this name (docs/architecture.md, "Names and labels"). */
    static final String REGISTRY_ALIAS = "hearth-registry";

    /** Where the WASI node finds the bootstrap kubeconfig the executor copies into its container. */

    /** The port the registry listens on inside its container, whatever its host port. */
    static final int REGISTRY_CONTAINER_PORT = 5000;

    /** The first address of the control plane's service range (10.96.0.0/16), the `kubernetes` Service. */
    private static final String KUBERNETES_SERVICE_IP = "10.96.0.1";

    /** An IPv4 literal; anything with a ':' is taken as an IPv6 literal (host names have none). */
    private static final Pattern IP_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final AgentSettings settings;

    NodePlanner(AgentSettings settings) {
        this.settings = settings;
    }

    VolumeSpec volume(String clusterId, String purpose, Role role) {
        return new VolumeSpec(ClusterNames.volume(clusterId, purpose), HearthLabels.of(clusterId, settings.hostId(), role));
    }

    ContainerSpec controlPlane(String clusterId) {
        AgentSettings.ControlPlane limits = settings.controlPlane();
        return new ContainerSpec(
                ClusterNames.container(clusterId, "control-plane"),
                Role.CONTROL_PLANE,
                settings.images().controlPlane(),
                ClusterNames.network(clusterId),
                HearthLabels.of(clusterId, settings.hostId(), Role.CONTROL_PLANE),
                Map.of(),
                List.of(PortBinding.loopback(ClusterPlanner.API_SERVER_PORT)),
                // The PKI and kubeconfigs are copied into a volume: the root file system is read-only.
                List.of(new VolumeMount(ClusterNames.volume(clusterId, "etcd"), "/var/lib/etcd", false),
                        new VolumeMount(ClusterNames.volume(clusterId, "pki"), "/etc/kubernetes", false)),
                new ResourceLimits(limits.memory().asLongValue(), limits.cpuMillis()),
                Hardening.controlPlane());
    }

    /**
     * The WASI node publishes no port: the API server reaches its kubelet API over the cluster network,
     * and nothing else needs to.
     */
    ContainerSpec wasiNode(String clusterId, String nodeName, String image, NodeConfig nodeConfig) {
        Map<String, String> env = new TreeMap<>();
        env.put("HEARTH_NODE_NAME", nodeName);
        env.put("HEARTH_API_SERVER", apiServer(clusterId).inClusterUrl());
        env.put("HEARTH_BOOTSTRAP_KUBECONFIG", ClusterPlanner.WASI_BOOTSTRAP_KUBECONFIG);
        if (!nodeConfig.insecureRegistries().isEmpty()) {
            env.put("HEARTH_INSECURE_REGISTRIES", nodeConfig.insecureRegistriesText());
        }
        if (!nodeConfig.registryMirrors().isEmpty()) {
            env.put("HEARTH_REGISTRY_MIRRORS", nodeConfig.registryMirrorsText());
        }
        AgentSettings.WasiNode limits = settings.wasiNode();
        return new ContainerSpec(
                ClusterNames.container(clusterId, "wasi"),
                Role.WASI_NODE,
                image,
                ClusterNames.network(clusterId),
                HearthLabels.of(clusterId, settings.hostId(), Role.WASI_NODE),
                env,
                List.of(),
                List.of(new VolumeMount(ClusterNames.volume(clusterId, "wasi"), ClusterPlanner.WASI_STATE_DIR, false)),
                new ResourceLimits(limits.memory().asLongValue(), limits.cpuMillis()),
                Hardening.wasiNode());
    }

    /** The node's pull settings: the config's mirrors, and the local registry as the one insecure registry. */
    NodeConfig nodeConfig(Optional<RegistryLink> registry, Map<String, String> mirrors) {
        return new NodeConfig(mirrors, registry.map(link -> List.of(link.hosting().hostFromClusterNetwork()))
                .orElse(List.of()));
    }

    RegistryLink registryLink(String namespace) {
        String inCluster = REGISTRY_ALIAS + ":" + REGISTRY_CONTAINER_PORT;
        return new RegistryLink(settings.registry().name(), REGISTRY_ALIAS, new LocalRegistryHosting(
                "localhost:" + settings.registry().port(), inCluster, inCluster,
                "https://github.com/kubernetes/enhancements/tree/master/keps/sig-cluster-lifecycle/generic/"
                        + "1755-communicating-a-local-registry"), namespace);
    }

    /**
     * The API server's names: docs/architecture.md, "A cluster, inside"'s (loopback, localhost, the container name, the advertise
     * address) plus those of the in-cluster {@code kubernetes} Service, which clients inside the
     * cluster use. The advertise address goes with the IPs or the names, whichever it is.
     */
    ApiServerPlan apiServer(String clusterId) {
        String container = ClusterNames.container(clusterId, "control-plane");
        String advertise = settings.advertiseAddress();
        boolean advertiseIsIp = IP_LITERAL.matcher(advertise).matches() || advertise.contains(":");
        List<String> names = Stream.of(Stream.of("localhost", container),
                        advertiseIsIp ? Stream.<String>empty() : Stream.of(advertise),
                        Stream.of("kubernetes", "kubernetes.default", "kubernetes.default.svc",
                                "kubernetes.default.svc.cluster.local"))
                .flatMap(stream -> stream)
                .distinct()
                .toList();
        List<String> addresses = Stream.of("127.0.0.1", advertiseIsIp ? advertise : "127.0.0.1", KUBERNETES_SERVICE_IP)
                .distinct()
                .toList();
        return new ApiServerPlan(advertise, ClusterPlanner.API_SERVER_PORT,
                "https://" + container + ":" + ClusterPlanner.API_SERVER_PORT, names, addresses);
    }
}
