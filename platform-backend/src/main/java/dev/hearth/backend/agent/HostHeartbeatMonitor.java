package dev.hearth.backend.agent;

import dev.hearth.backend.audit.AuditLog;
import dev.hearth.backend.audit.AuditLog.Action;
import dev.hearth.backend.cluster.Cluster;
import dev.hearth.backend.cluster.ClusterLifecycle;
import dev.hearth.backend.cluster.ClusterPhase;
import dev.hearth.backend.host.Host;
import dev.hearth.backend.host.HostStatus;
import dev.hearth.backend.support.Retry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Watches heartbeats (docs/agent-channel.md): a host silent for {@code heartbeat-timeout} becomes UNREACHABLE;
 * silent for {@code lost-grace} more, its clusters become LOST (and, if the policy says so, go back to
 * the queue). Clusters being deleted stay DELETING: the agent removes them when it returns, since it
 * gets the full desired set on reconnect.
 */
@ApplicationScoped
public class HostHeartbeatMonitor {

    private static final Logger LOG = Logger.getLogger(HostHeartbeatMonitor.class);
    /** RFC 6455 §7.4.2 application range: the backend gave up on this connection's heartbeats. */
    private static final int SILENT = 4002;
    private static final List<ClusterPhase> LOSABLE =
            List.of(ClusterPhase.SCHEDULED, ClusterPhase.PROVISIONING, ClusterPhase.READY);

    /** What one check did. */
    public record Result(List<String> unreachableHosts, List<String> lostClusters) {
    }

    private final HostsSettings settings;
    private final ClusterLifecycle lifecycle;
    private final AgentConnections connections;
    private final AuditLog audit;
    private final Clock clock;

    public HostHeartbeatMonitor(HostsSettings settings, ClusterLifecycle lifecycle, AgentConnections connections,
            AuditLog audit, Clock clock) {
        this.settings = settings;
        this.lifecycle = lifecycle;
        this.connections = connections;
        this.audit = audit;
        this.clock = clock;
    }

    @Scheduled(every = "${hearth.hosts.check-every:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            delayed = "5s")
    void scheduled() {
        check();
    }

    public Result check() {
        Instant now = clock.instant();
        List<String> unreachable = Retry.onStaleVersion(
                () -> QuarkusTransaction.requiringNew().call(() -> markUnreachable(now)));
        Instant lostBefore = now.minus(settings.heartbeatTimeout()).minus(settings.lostGrace());
        List<UUID> gone = QuarkusTransaction.requiringNew().call(() -> Host.<Host>list(
                "status = ?1 and lastHeartbeatAt < ?2", HostStatus.UNREACHABLE, lostBefore).stream().map(h -> h.id).toList());
        List<String> lost = new ArrayList<>();
        for (UUID hostId : gone) {
            List<String> ids = QuarkusTransaction.requiringNew().call(() -> Cluster.<Cluster>list(
                    "hostId = ?1 and phase in ?2 order by createdAt", hostId, LOSABLE).stream().map(c -> c.id).toList());
            for (String id : ids) {
                if (Retry.onStaleVersion(() -> QuarkusTransaction.requiringNew().call(() -> lose(id, hostId)))) {
                    lost.add(id);
                }
            }
        }
        return new Result(unreachable, lost);
    }

    private List<String> markUnreachable(Instant now) {
        List<Host> silent = Host.list("status = ?1 and lastHeartbeatAt < ?2", HostStatus.ONLINE,
                now.minus(settings.heartbeatTimeout()));
        List<String> names = new ArrayList<>();
        for (Host host : silent) {
            host.status = HostStatus.UNREACHABLE;
            names.add(host.name);
            String since = "no heartbeat since " + host.lastHeartbeatAt;
            audit.recordSystem(Action.HOST_UNREACHABLE, "host", host.id.toString(), since);
            LOG.warnf("host %s is UNREACHABLE: %s", host.name, since);
            // A socket that carries no heartbeats is dead weight; the agent reconnects if it is alive.
            connections.drop(host.id, SILENT, "no heartbeat for " + settings.heartbeatTimeout().toSeconds() + "s");
            Duration grace = settings.lostGrace();
            for (Cluster cluster : Cluster.<Cluster>list("hostId = ?1 and phase in ?2", host.id, LOSABLE)) {
                lifecycle.record(cluster, "Host " + host.name + " stopped answering (" + since + "); the cluster is "
                        + "declared LOST unless it answers within " + grace.toSeconds() + "s");
            }
        }
        return names;
    }

    private boolean lose(String clusterId, UUID hostId) {
        Cluster cluster = Cluster.findById(clusterId);
        Host host = Host.findById(hostId);
        if (cluster == null || !hostId.equals(cluster.hostId) || !LOSABLE.contains(cluster.phase)
                || host.status != HostStatus.UNREACHABLE) {
            return false;
        }
        boolean requeue = settings.reprovisionLost();
        lifecycle.lose(cluster, "Lost: host " + host.name + " has not answered since " + host.lastHeartbeatAt
                + (requeue ? "" : "; delete this cluster and request a new one"), requeue);
        audit.recordSystem(Action.CLUSTER_LOST, "cluster", clusterId, "host " + host.name + " silent since "
                + host.lastHeartbeatAt + (requeue ? "; re-queued" : ""));
        return true;
    }
}
