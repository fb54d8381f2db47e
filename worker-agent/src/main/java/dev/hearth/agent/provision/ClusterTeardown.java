package dev.hearth.agent.provision;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectVolumeResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Network;
import dev.hearth.agent.AgentSettings;
import dev.hearth.agent.docker.DockerEndpoint;
import dev.hearth.agent.plan.HearthLabels;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/**
 * Removes one cluster from this host: its containers, then its network (the host's registry is
 * disconnected from it, not removed), then its volumes — everything carrying both its cluster label
 * and this host's label, and nothing else. Safe to repeat; objects already gone are skipped.
 */
@ApplicationScoped
public class ClusterTeardown {

    private final DockerClient docker;
    private final String hostId;

    public ClusterTeardown(DockerEndpoint docker, AgentSettings settings) {
        this.docker = docker.client();
        this.hostId = settings.hostId();
    }

    public void remove(String clusterId) {
        Map<String, String> owner = HearthLabels.of(clusterId, hostId);
        List<String> filter = owner.entrySet().stream().map(label -> label.getKey() + "=" + label.getValue()).toList();
        for (Container container : docker.listContainersCmd().withShowAll(true).withLabelFilter(owner).exec()) {
            ignoringMissing(() -> docker.removeContainerCmd(container.getId()).withForce(true).withRemoveVolumes(true).exec());
        }
        for (Network network : docker.listNetworksCmd().withFilter("label", filter).exec()) {
            ignoringMissing(() -> removeNetwork(network.getId()));
        }
        var volumes = docker.listVolumesCmd().withFilter("label", filter).exec().getVolumes();
        for (InspectVolumeResponse volume : volumes == null ? List.<InspectVolumeResponse>of() : volumes) {
            ignoringMissing(() -> docker.removeVolumeCmd(volume.getName()).exec());
        }
    }

    /** Containers still attached (the host's registry) are disconnected first: Docker keeps a network that has any. */
    private void removeNetwork(String networkId) {
        Map<String, Network.ContainerNetworkConfig> attached = docker.inspectNetworkCmd().withNetworkId(networkId).exec()
                .getContainers();
        if (attached != null) {
            for (String container : attached.keySet()) {
                ignoringMissing(() -> docker.disconnectFromNetworkCmd().withNetworkId(networkId).withContainerId(container)
                        .withForce(true).exec());
            }
        }
        docker.removeNetworkCmd(networkId).exec();
    }

    private static void ignoringMissing(Runnable removal) {
        try {
            removal.run();
        } catch (NotFoundException e) {
            // Gone already, by an earlier run or by hand: that is the state we want.
        }
    }
}
