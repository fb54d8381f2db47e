package dev.hearth.protocol;

import java.util.List;

/**
 * The complete set of clusters a host should have — level-triggered (docs/architecture.md): a cluster missing
 * from the list is one the agent deletes, so the backend always sends the whole set, never a delta.
 *
 * @param clusters every cluster the host should hold
 */
public record DesiredClusters(List<DesiredCluster> clusters) implements AgentMessage {

    public DesiredClusters {
        clusters = clusters == null ? List.of() : List.copyOf(clusters);
    }
}
