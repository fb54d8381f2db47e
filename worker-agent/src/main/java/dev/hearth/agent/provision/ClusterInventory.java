package dev.hearth.agent.provision;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import dev.hearth.agent.AgentSettings;
import dev.hearth.agent.docker.DockerEndpoint;
import dev.hearth.agent.plan.HearthLabels;
import dev.hearth.agent.plan.Role;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every cluster this host's agent has objects of, read from Docker by label (docs/architecture.md, "Conventions") — a
 * restarted agent rebuilds its whole view from this, and nothing of another host's agent is in it.
 */
@ApplicationScoped
public class ClusterInventory {

    private final DockerClient docker;
    private final String hostId;

    public ClusterInventory(DockerEndpoint docker, AgentSettings settings) {
        this.docker = docker.client();
        this.hostId = settings.hostId();
    }

    /** The clusters found, by id; any container, network or volume makes a cluster count. */
    public Map<String, ActualCluster> clusters() {
        Map<String, Boolean> running = new HashMap<>();
        for (Container container : docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(HearthLabels.HOST, hostId)).exec()) {
            String cluster = container.getLabels().get(HearthLabels.CLUSTER);
            if (cluster != null) {
                boolean controlPlaneUp = Role.CONTROL_PLANE.label().equals(container.getLabels().get(HearthLabels.ROLE))
                        && "running".equals(container.getState());
                running.merge(cluster, controlPlaneUp, Boolean::logicalOr);
            }
        }
        List<String> filter = List.of(HearthLabels.HOST + "=" + hostId, HearthLabels.CLUSTER);
        docker.listNetworksCmd().withFilter("label", filter).exec()
                .forEach(network -> running.putIfAbsent(network.getLabels().get(HearthLabels.CLUSTER), false));
        var volumes = docker.listVolumesCmd().withFilter("label", filter).exec().getVolumes();
        if (volumes != null) {
            volumes.forEach(volume -> running.putIfAbsent(volume.getLabels().get(HearthLabels.CLUSTER), false));
        }
        Map<String, ActualCluster> clusters = new HashMap<>();
        running.forEach((id, up) -> clusters.put(id, new ActualCluster(id, up)));
        return Map.copyOf(clusters);
    }
}
