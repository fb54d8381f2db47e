package dev.hearth.backend.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;

/**
 * Moves a cluster between phases and writes the matching cluster_event, so no transition can happen
 * without the live log line that shows it.
 */
@ApplicationScoped
public class ClusterLifecycle {

    private final Clock clock;

    public ClusterLifecycle(Clock clock) {
        this.clock = clock;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void transition(Cluster cluster, ClusterPhase phase, String step, String message) {
        cluster.phase = phase;
        cluster.step = step;
        cluster.message = message;
        record(cluster, message);
    }

    /** An event that changes nothing but is worth showing (extension, re-queue). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(Cluster cluster, String message) {
        ClusterEvent event = new ClusterEvent();
        event.clusterId = cluster.id;
        event.at = clock.instant();
        event.phase = cluster.phase;
        event.step = cluster.step;
        event.message = message;
        event.persist();
    }

    /**
     * Starts deletion. A cluster no agent holds yet has nothing to tear down, so it goes straight on
     * to DELETED; otherwise its agent finishes the job and reports DELETED.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void beginDeletion(Cluster cluster, String reason) {
        cluster.generation++;
        transition(cluster, ClusterPhase.DELETING, null, reason);
        if (cluster.hostId == null) {
            cluster.deletedAt = clock.instant();
            transition(cluster, ClusterPhase.DELETED, null, "Deleted; it had not been scheduled on a host");
        }
    }
}
