package dev.hearth.agent.provision;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import dev.hearth.agent.AgentSettings;
import dev.hearth.agent.docker.ContainerState;
import dev.hearth.agent.docker.DockerEndpoint;
import dev.hearth.agent.plan.ClusterPlanner;
import dev.hearth.agent.plan.HearthLabels;
import dev.hearth.agent.plan.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.HttpClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * A running cluster's API server as its admin, for work outside provisioning (following a pod's log):
 * the credentials are read back from the control-plane container, as a restarted agent does, so they
 * are always the cluster's current ones.
 */
@ApplicationScoped
public class ClusterAccess {

    private final DockerClient docker;
    private final String hostId;

    public ClusterAccess(DockerEndpoint docker, AgentSettings settings) {
        this.docker = docker.client();
        this.hostId = settings.hostId();
    }

    /** Whether this host runs the cluster's control plane now: a deleted or stopped cluster's logs end. */
    public boolean running(String clusterId) {
        return docker.listContainersCmd().withLabelFilter(HearthLabels.of(clusterId, hostId, Role.CONTROL_PLANE)).exec()
                .stream().anyMatch(container -> "running".equals(container.getState()));
    }

    /**
     * A new client of the cluster's API server through its published port; the caller closes it.
     *
     * @throws ClusterUnavailableException when this host has no running control plane of the cluster
     */
    public KubernetesClient adminClient(String clusterId) {
        return adminClient(clusterId, null);
    }

    /** As {@link #adminClient(String)}, its HTTP client made by {@code http} (null: fabric8's default, a Vert.x of its own). */
    public KubernetesClient adminClient(String clusterId, HttpClient.Factory http) {
        Map<String, String> labels = HearthLabels.of(clusterId, hostId, Role.CONTROL_PLANE);
        List<Container> found = docker.listContainersCmd().withShowAll(true).withLabelFilter(labels).exec();
        if (found.isEmpty()) {
            throw new ClusterUnavailableException("cluster " + clusterId + " has no control plane on host " + hostId);
        }
        String container = found.getFirst().getId();
        if (!ContainerState.running(docker, container)) {
            throw new ClusterUnavailableException("the control plane of cluster " + clusterId + " is not running");
        }
        AdminCredentials credentials;
        int port;
        try {
            credentials = new AdminCredentials(ControlPlaneArchive.read(docker, container,
                    "/etc/kubernetes/" + ControlPlaneArchive.MARKER));
            port = ContainerState.publishedPort(docker, container, ClusterPlanner.API_SERVER_PORT);
        } catch (NotFoundException e) {
            throw new ClusterUnavailableException("the control plane of cluster " + clusterId + " is gone");
        }
        // Built from the CA, certificate and key alone (AdminCredentials), never Config.fromKubeconfig on the file.
        KubernetesClientBuilder builder = new KubernetesClientBuilder()
                .withConfig(credentials.clientConfig(URI.create("https://127.0.0.1:" + port)));
        return (http == null ? builder : builder.withHttpClientFactory(http)).build();
    }

    /**
     * The cluster's admin kubeconfig as its own network sees the API server (its control-plane
     * container's name, a SAN of the serving certificate): for the toolbox, which sits on that network.
     *
     * @throws ClusterUnavailableException when this host has no running control plane of the cluster
     */
    public String kubeconfigOnClusterNetwork(String clusterId) {
        List<Container> found = docker.listContainersCmd().withLabelFilter(
                HearthLabels.of(clusterId, hostId, Role.CONTROL_PLANE)).exec();
        if (found.isEmpty()) {
            throw new ClusterUnavailableException("cluster " + clusterId + " has no running control plane on host " + hostId);
        }
        try {
            AdminCredentials credentials = new AdminCredentials(ControlPlaneArchive.read(docker, found.getFirst().getId(),
                    "/etc/kubernetes/" + ControlPlaneArchive.MARKER));
            String name = ClusterPlanner.apiServerName(clusterId);
            return credentials.kubeconfigFor(clusterId, URI.create("https://" + name + ":" + ClusterPlanner.API_SERVER_PORT));
        } catch (NotFoundException e) {
            throw new ClusterUnavailableException("the control plane of cluster " + clusterId + " is gone");
        }
    }

    /** The cluster cannot be reached on this host: never provisioned here, deleted, or stopped. */
    public static final class ClusterUnavailableException extends RuntimeException {

        public ClusterUnavailableException(String message) {
            super(message);
        }
    }
}
