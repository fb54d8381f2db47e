package dev.hearth.agent.tunnel;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerNetwork;
import dev.hearth.agent.AgentSettings;
import dev.hearth.agent.docker.DockerEndpoint;
import dev.hearth.agent.plan.ClusterPlanner;
import dev.hearth.agent.plan.HearthLabels;
import dev.hearth.agent.plan.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where a cluster's pods may be reached on this host: the address of its WASI node container on the
 * cluster's own network, read from Docker (which a participant cannot write), never from the cluster's
 * API server (which they can: a cluster-admin writes any Endpoints, EndpointSlice or pod status).
 * Every pod of a WASI node has the node's address (docs/wasm-node.md, "Web apps"), so this is the whole
 * set of addresses an {@code Http} tunnel may connect to.
 */
@ApplicationScoped
public class NodeAddresses {

    private final DockerClient docker;
    private final String hostId;

    @Inject
    public NodeAddresses(DockerEndpoint docker, AgentSettings settings) {
        this(docker.client(), settings.hostId());
    }

    NodeAddresses(DockerClient docker, String hostId) {
        this.docker = docker;
        this.hostId = hostId;
    }

    /** The addresses of the running WASI node(s) of {@code clusterId} held by this host; empty if none. */
    public Set<String> of(String clusterId) {
        String network = ClusterPlanner.networkName(clusterId);
        return docker.listContainersCmd().withLabelFilter(HearthLabels.of(clusterId, hostId, Role.WASI_NODE)).exec().stream()
                .filter(container -> "running".equals(container.getState()))
                .map(Container::getNetworkSettings)
                .filter(settings -> settings != null && settings.getNetworks() != null)
                .map(settings -> settings.getNetworks().get(network))
                .filter(attached -> attached != null)
                .map(ContainerNetwork::getIpAddress)
                .filter(address -> address != null && !address.isBlank())
                .collect(Collectors.toUnmodifiableSet());
    }
}
