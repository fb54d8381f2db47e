package dev.hearth.backend.portal;

import dev.hearth.backend.cluster.Cluster;
import dev.hearth.backend.cluster.ClusterEvent;
import dev.hearth.backend.cluster.ClusterLifecycle;
import dev.hearth.backend.cluster.ClusterPhase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/**
 * Records what a worker agent reports about a cluster, through the same {@link ClusterLifecycle} the
 * backend uses, so page tests can watch provisioning happen. It stands in for the agent only until
 * the agent channel is on main; then tests speak the agent protocol over a real WebSocket instead.
 */
@ApplicationScoped
class AgentStandIn {

    private final ClusterLifecycle lifecycle;

    AgentStandIn(ClusterLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    /** Moves the cluster to {@code phase} at {@code step}; returns the id of the event that wrote. */
    @Transactional
    long observe(String clusterId, ClusterPhase phase, String step, String message) {
        Cluster cluster = Cluster.findById(clusterId);
        lifecycle.transition(cluster, phase, step, message);
        return ClusterEvent.<ClusterEvent>find("clusterId = ?1 order by id desc", clusterId).firstResult().id;
    }
}
