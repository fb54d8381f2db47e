package dev.hearth.backend.cluster;

import dev.hearth.backend.audit.AuditLog;
import dev.hearth.backend.audit.AuditLog.Action;
import dev.hearth.backend.support.Retry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Starts deletion of clusters whose expiry has passed (docs/architecture.md, "Cluster lifecycle"). Each cluster is its own
 * transaction: an owner extending at the same moment wins through the optimistic lock, and the
 * reaper looks again next round.
 */
@ApplicationScoped
public class ClusterReaper {

    private static final Logger LOG = Logger.getLogger(ClusterReaper.class);
    private static final int BATCH = 100;

    private final ClusterLifecycle lifecycle;
    private final AuditLog audit;
    private final Clock clock;

    public ClusterReaper(ClusterLifecycle lifecycle, AuditLog audit, Clock clock) {
        this.lifecycle = lifecycle;
        this.audit = audit;
        this.clock = clock;
    }

    @Scheduled(every = "${hearth.reaper.every:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            delayed = "${hearth.reaper.delay:10s}")
    void scheduled() {
        reap();
    }

    /** @return ids of the clusters whose deletion this round started */
    public List<String> reap() {
        List<String> expired = QuarkusTransaction.requiringNew().call(() -> Cluster.<Cluster>find(
                        "expiresAt <= ?1 and phase not in ?2 order by expiresAt", clock.instant(),
                        List.of(ClusterPhase.DELETING, ClusterPhase.DELETED))
                .page(0, BATCH).list().stream().map(c -> c.id).toList());
        return expired.stream().filter(this::expire).toList();
    }

    private boolean expire(String id) {
        try {
            return QuarkusTransaction.requiringNew().call(() -> {
                Cluster cluster = Cluster.findById(id);
                if (cluster == null || !cluster.expiresAt.isBefore(clock.instant().plusNanos(1))
                        || cluster.phase == ClusterPhase.DELETING || cluster.phase == ClusterPhase.DELETED) {
                    return false;
                }
                lifecycle.beginDeletion(cluster, "Expired at " + cluster.expiresAt + "; deleting");
                audit.recordSystem(Action.CLUSTER_EXPIRE, "cluster", id, null);
                return true;
            });
        } catch (RuntimeException e) {
            if (!Retry.isStaleVersion(e)) {
                throw e;
            }
            LOG.debugf("cluster %s changed while being reaped; will look again next round", id);
            return false;
        }
    }
}
