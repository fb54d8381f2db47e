package dev.hearth.agent.registry;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ContainerNetwork;
import dev.hearth.agent.docker.ContainerFiles;
import dev.hearth.agent.plan.HearthLabels;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Keeps the registry filter's access table ({@link AccessTable}) equal to what Docker shows: for every
 * cluster network of this host the registry is on, its address there and that cluster's owner's namespace.
 * Level-triggered like the rest of the agent: computed whole from Docker on every call, and called after
 * the registry joins a network (before any of the cluster's containers start), on every new desired
 * set (a warm-pool cluster handed to its participant) and on every reconcile pass (a teardown, a
 * registry container replaced and reconnected).
 */
final class RegistryAccess {

    static final String DIRECTORY = "/etc/hearth-registry";
    private static final String FILE = "access";
    private static final Logger LOG = Logger.getLogger(RegistryAccess.class);

    private final DockerClient docker;
    private final String hostId;
    private final String container;
    /** Each desired cluster's owner's namespace; a cluster absent here reads the shared repositories only. */
    private final Map<String, String> namespaces = new ConcurrentHashMap<>();
    private String applied;
    private String appliedTo;

    RegistryAccess(DockerClient docker, String hostId, String container) {
        this.docker = docker;
        this.hostId = hostId;
        this.container = container;
    }

    /** The namespaces of every desired cluster, replacing what was known (a cluster gone from the set loses its own). */
    void namespaces(Map<String, String> byCluster) {
        namespaces.keySet().retainAll(byCluster.keySet());
        byCluster.forEach(this::namespace);
    }

    /** One cluster's namespace as the newest desired set says (null: none). */
    private void namespace(String clusterId, String namespace) {
        if (namespace == null) {
            namespaces.remove(clusterId);
        } else {
            namespaces.put(clusterId, namespace);
        }
    }

    /**
     * One cluster's namespace from its provisioning plan, unless a desired set already said one: the plan
     * may be older than the set (a warm-pool cluster handed out while it was still being provisioned),
     * and a cluster's owner only ever goes from nobody to somebody.
     */
    void planned(String clusterId, String namespace) {
        if (namespace != null) {
            namespaces.putIfAbsent(clusterId, namespace);
        }
    }

    /** The namespaces known now, by cluster id. */
    Map<String, String> known() {
        return Map.copyOf(namespaces);
    }

    /** Writes the table when it differs from the one last written into this registry container. */
    synchronized void sync() {
        InspectContainerResponse registry;
        try {
            registry = docker.inspectContainerCmd(container).exec();
        } catch (NotFoundException e) {
            return;
        }
        AccessTable table = AccessTable.of(addressesByCluster(registry), known());
        String text = table.render();
        if (text.equals(applied) && registry.getId().equals(appliedTo)) {
            return;
        }
        copyIn(text);
        applied = text;
        appliedTo = registry.getId();
        LOG.debugf("registry access table written: %d cluster networks", table.byAddress().size());
    }

    /** The registry's address on each of this host's cluster networks, by cluster id, as Docker shows them. */
    private Map<String, String> addressesByCluster(InspectContainerResponse registry) {
        Map<String, ContainerNetwork> attached = registry.getNetworkSettings() == null ? null
                : registry.getNetworkSettings().getNetworks();
        Map<String, String> addresses = new HashMap<>();
        if (attached == null) {
            return addresses;
        }
        docker.listNetworksCmd().withFilter("label", List.of(HearthLabels.HOST + "=" + hostId, HearthLabels.CLUSTER))
                .exec().forEach(network -> {
                    ContainerNetwork endpoint = attached.get(network.getName());
                    String cluster = network.getLabels().get(HearthLabels.CLUSTER);
                    if (endpoint != null && cluster != null && endpoint.getIpAddress() != null
                            && !endpoint.getIpAddress().isEmpty()) {
                        addresses.put(cluster, endpoint.getIpAddress());
                    }
                });
        return addresses;
    }

    private void copyIn(String text) {
        // Readable by the filter's unprivileged user, writable by nobody there.
        ContainerFiles.copyIn(docker, container, DIRECTORY, FILE, text, 0644, "the registry's access table");
    }

}
