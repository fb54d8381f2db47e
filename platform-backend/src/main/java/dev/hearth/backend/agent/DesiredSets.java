package dev.hearth.backend.agent;

import dev.hearth.backend.cluster.Cluster;
import dev.hearth.backend.cluster.ClusterConfiguration;
import dev.hearth.backend.cluster.ClusterPhase;
import dev.hearth.backend.identity.RegistryNamespaces;
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

    private final RegistryNamespaces namespaces;

    public DesiredSets(RegistryNamespaces namespaces) {
        this.namespaces = namespaces;
    }

    /**
     * Each cluster with its owner's registry namespace, which is all of the participants' repositories
     * the agent lets it read (docs/security.md); a warm-pool cluster has no owner yet and gets none.
     */
    @Transactional
    public DesiredClusters of(UUID hostId) {
        List<Cluster> clusters = Cluster.list("hostId = ?1 and phase in ?2 order by createdAt, id", hostId, DESIRED);
        return new DesiredClusters(clusters.stream()
                .map(c -> new DesiredCluster(c.id, c.name, config(c.configuration()), c.generation,
                        c.ownerId == null ? null : namespaces.of(c.ownerId)))
                .toList());
    }

    /** What the agent acts on, from the configuration validated when the cluster was requested. */
    private static ClusterConfig config(ClusterConfiguration config) {
        return new ClusterConfig(new FeatureGates(config.localRegistry(), config.krustlet()), config.registryMirrors(),
                config.kubeProxyAffinity().orElse(null));
    }
}
