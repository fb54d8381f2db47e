package dev.hearth.backend.agent;

import dev.hearth.backend.cluster.Cluster;
import dev.hearth.backend.cluster.ClusterConfiguration;
import dev.hearth.backend.cluster.ClusterConfigurationParser;
import dev.hearth.backend.cluster.ClusterPhase;
import dev.hearth.protocol.ClusterConfig;
import dev.hearth.protocol.DesiredCluster;
import dev.hearth.protocol.DesiredClusters;
import dev.hearth.protocol.FeatureGates;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** The complete set of clusters a host should hold, as the agent protocol carries it (docs/agent-channel.md). */
@ApplicationScoped
public class DesiredSets {

    private static final List<ClusterPhase> DESIRED = Arrays.stream(ClusterPhase.values())
            .filter(ClusterPhase::isDesiredOnHost).toList();

    @Transactional
    public DesiredClusters of(UUID hostId) {
        List<Cluster> clusters = Cluster.list("hostId = ?1 and phase in ?2 order by createdAt, id", hostId, DESIRED);
        return new DesiredClusters(clusters.stream()
                .map(c -> new DesiredCluster(c.id, c.name, config(c.configYaml), c.generation))
                .toList());
    }

    /** The stored config was validated on request; re-reading it here cannot fail on user input. */
    private static ClusterConfig config(String yaml) {
        ClusterConfiguration config = ClusterConfigurationParser.parse(yaml);
        return new ClusterConfig(new FeatureGates(config.localRegistry(), config.krustlet()), config.registryMirrors());
    }
}
