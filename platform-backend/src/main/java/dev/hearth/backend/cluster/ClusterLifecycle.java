package dev.hearth.backend.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.UUID;

/**
 * Moves a cluster between phases (docs/architecture.md, "Cluster lifecycle") and writes the matching cluster_event, so no transition
 * can happen without the live log line that shows it. Every change of what a host should hold bumps
 * the cluster's generation and announces the host's new desired set ({@link DesiredStateChanges}).
 */
@ApplicationScoped
public class ClusterLifecycle {

    private final Clock clock;
    private final DesiredStateChanges desired;
    private final Event<SchedulingNeeded> scheduling;
    private final Event<ClusterEventRecorded> recorded;

    public ClusterLifecycle(Clock clock, DesiredStateChanges desired, Event<SchedulingNeeded> scheduling,
            Event<ClusterEventRecorded> recorded) {
        this.clock = clock;
        this.desired = desired;
        this.scheduling = scheduling;
        this.recorded = recorded;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void transition(Cluster cluster, ClusterPhase phase, String step, String message) {
        cluster.phase = phase;
        cluster.step = step;
        cluster.message = message;
        record(cluster, message);
        if (phase == ClusterPhase.REQUESTED) {
            scheduling.fire(new SchedulingNeeded("cluster " + cluster.id + " requested"));
        } else if (phase == ClusterPhase.READY || phase == ClusterPhase.FAILED) {
            // Its host has finished one provisioning; warm-pool clusters held back for that may start now.
            scheduling.fire(new SchedulingNeeded("cluster " + cluster.id + " " + phase));
        }
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
        recorded.fire(new ClusterEventRecorded(cluster.id, cluster.phase, event.at));
    }

    /** Places a waiting cluster on a host; the host's agent gets it with its next desired set. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void schedule(Cluster cluster, UUID hostId, String hostName, int memoryMib) {
        cluster.hostId = hostId;
        cluster.memoryMib = memoryMib;
        cluster.generation++;
        transition(cluster, ClusterPhase.SCHEDULED, null, "Scheduled on host " + hostName);
        desired.changed(hostId);
    }

    /**
     * Starts deletion. A cluster no agent has reported on yet (still REQUESTED or SCHEDULED), or one
     * whose host is gone (LOST), has nothing anyone could tear down for us, so it goes straight on to
     * DELETED; its host, should it hold something after all, drops it because it is no longer in its
     * desired set. Otherwise the agent removes its containers and reports DELETED.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void beginDeletion(Cluster cluster, String reason) {
        ClusterPhase before = cluster.phase;
        cluster.generation++;
        transition(cluster, ClusterPhase.DELETING, null, reason);
        desired.changed(cluster.hostId);
        switch (before) {
            case REQUESTED -> finishDeletion(cluster, "Deleted; it had not been scheduled on a host");
            case SCHEDULED -> finishDeletion(cluster, "Deleted before its host started provisioning it");
            case LOST -> finishDeletion(cluster, "Deleted; its host is gone, so nothing was left to remove");
            default -> {
                // The agent finishes the job, now or when its host comes back (it gets the full set on reconnect).
            }
        }
    }

    /** The end of a cluster: its record stays (hidden from lists), its credentials do not. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void finishDeletion(Cluster cluster, String message) {
        cluster.deletedAt = clock.instant();
        cluster.kubeconfigCiphertext = null;
        cluster.apiEndpoint = null;
        transition(cluster, ClusterPhase.DELETED, null, message);
        scheduling.fire(new SchedulingNeeded("cluster " + cluster.id + " deleted"));
    }

    /**
     * Its host stopped answering for longer than the grace period. With {@code requeue}, it goes back
     * to the queue to be provisioned afresh elsewhere; the old host drops its copy if it ever returns,
     * since the cluster is no longer in its desired set.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lose(Cluster cluster, String message, boolean requeue) {
        UUID formerHost = cluster.hostId;
        transition(cluster, ClusterPhase.LOST, null, message);
        if (requeue) {
            cluster.hostId = null;
            cluster.memoryMib = 0;
            cluster.apiEndpoint = null;
            cluster.kubeconfigCiphertext = null;
            cluster.generation++;
            transition(cluster, ClusterPhase.REQUESTED, null, "Re-queued to be provisioned afresh on another host");
        } else {
            scheduling.fire(new SchedulingNeeded("cluster " + cluster.id + " lost"));
        }
        desired.changed(formerHost);
    }
}
