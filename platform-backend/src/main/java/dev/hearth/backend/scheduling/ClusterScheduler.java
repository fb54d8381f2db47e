package dev.hearth.backend.scheduling;

import dev.hearth.backend.cluster.Cluster;
import dev.hearth.backend.cluster.ClusterLifecycle;
import dev.hearth.backend.cluster.ClusterPhase;
import dev.hearth.backend.host.Host;
import dev.hearth.backend.host.HostStatus;
import dev.hearth.backend.support.Retry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * One scheduling pass: waiting (REQUESTED) clusters, oldest first, go to online hosts with room
 * ({@link Placement}); those that do not fit keep their place in the queue and a message saying
 * why. Passes are serialised across backend replicas by a PostgreSQL advisory lock, so two replicas
 * never hand out the same room twice.
 */
@ApplicationScoped
public class ClusterScheduler {

    private static final Logger LOG = Logger.getLogger(ClusterScheduler.class);
    /** Any fixed number works; it only has to be the same on every replica. */
    private static final long LOCK_KEY = 0x4845_4152_5448L; // "HEARTH"
    private static final List<String> HOLDING = Arrays.stream(ClusterPhase.values())
            .filter(ClusterPhase::holdsCapacity).map(Enum::name).toList();

    private final ClusterLifecycle lifecycle;
    private final SchedulingSettings settings;
    private final EntityManager em;

    public ClusterScheduler(ClusterLifecycle lifecycle, SchedulingSettings settings, EntityManager em) {
        this.lifecycle = lifecycle;
        this.settings = settings;
        this.em = em;
    }

    /** @return ids of the clusters this pass placed */
    public List<String> pass() {
        return Retry.onStaleVersion(() -> QuarkusTransaction.requiringNew().call(this::passOnce));
    }

    private List<String> passOnce() {
        em.createNativeQuery("SELECT pg_advisory_xact_lock(:key)").setParameter("key", LOCK_KEY).getSingleResult();
        List<Cluster> waiting = Cluster.<Cluster>find("phase = ?1 order by createdAt, id", ClusterPhase.REQUESTED)
                .page(0, settings.batch()).list();
        List<String> placed = new ArrayList<>();
        if (!waiting.isEmpty()) {
            List<HostLoad> online = onlineHosts();
            int mib = settings.clusterMemoryMib();
            int millis = settings.clusterMillicores();
            Map<UUID, Integer> starting = waiting.stream().anyMatch(Placement::isWarmPool) ? startingPerHost() : new HashMap<>();
            for (Cluster cluster : waiting) {
                boolean warm = Placement.isWarmPool(cluster);
                // Warm-pool clusters (pre-provisioned classroom seats) start a few at a time per host, so
                // a whole class never lands on one host's CPU at once; nobody is held back for them.
                List<HostLoad> candidates = warm ? Placement.withStartingRoom(online, starting, settings.warmPoolPerHost())
                        : online;
                Optional<HostLoad> host = Placement.choose(candidates, mib, millis);
                if (host.isPresent()) {
                    HostLoad chosen = host.get();
                    lifecycle.schedule(cluster, chosen.id(), chosen.name(), mib);
                    online.set(online.indexOf(chosen), chosen.plus(mib, millis));
                    starting.merge(chosen.id(), 1, Integer::sum);
                    placed.add(cluster.id);
                } else {
                    String why = warm && Placement.choose(online, mib, millis).isPresent()
                            ? Placement.whyWarmPoolWaits(settings.warmPoolPerHost())
                            : online.isEmpty() && drainedOnline() ? Placement.EVERY_HOST_DRAINED
                            : Placement.whyWaiting(online, mib, millis);
                    if (!why.equals(cluster.message)) {
                        cluster.message = why;
                    }
                }
            }
        }
        refreshHostUsage();
        if (!placed.isEmpty()) {
            LOG.debugf("scheduling pass placed %s", placed);
        }
        return placed;
    }

    /** Online hosts that take new clusters: not drained (docs/operations.md), not revoked or retired. */
    private List<HostLoad> onlineHosts() {
        List<Host> hosts = Host.list("status = ?1 and revokedAt is null and drainedAt is null order by name",
                HostStatus.ONLINE);
        Map<UUID, int[]> load = new HashMap<>();
        if (!hosts.isEmpty()) {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("""
                    SELECT host_id, coalesce(sum(memory_mib), 0), count(*) FROM cluster
                    WHERE host_id IN (:hosts) AND phase IN (:holding) GROUP BY host_id
                    """).setParameter("hosts", hosts.stream().map(h -> h.id).toList())
                    .setParameter("holding", HOLDING).getResultList();
            for (Object[] row : rows) {
                load.put((UUID) row[0], new int[] {((Number) row[1]).intValue(), ((Number) row[2]).intValue()});
            }
        }
        List<HostLoad> online = new ArrayList<>();
        for (Host h : hosts) {
            int[] used = load.getOrDefault(h.id, new int[2]);
            // Reserved per cluster like memory: what an idle cluster uses, so the count is what matters.
            int usableMillis = (int) ((long) h.cpuMillis * settings.cpuUsablePercent() / 100);
            online.add(new HostLoad(h.id, h.name, h.memoryMib, h.maxClusters, used[0], used[1], usableMillis,
                    used[1] * settings.clusterMillicores()));
        }
        return online;
    }

    private boolean drainedOnline() {
        return Host.count("status = ?1 and revokedAt is null and drainedAt is not null", HostStatus.ONLINE) > 0;
    }

    /** Clusters each host is starting right now (placed, not yet READY or FAILED). */
    private Map<UUID, Integer> startingPerHost() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT host_id, count(*) FROM cluster WHERE phase IN ('SCHEDULED', 'PROVISIONING') GROUP BY host_id
                """).getResultList();
        Map<UUID, Integer> starting = new HashMap<>();
        for (Object[] row : rows) {
            starting.put((UUID) row[0], ((Number) row[1]).intValue());
        }
        return starting;
    }

    /** Keeps the hosts' "handed out" figures (the operator's host list) equal to what their clusters hold. */
    private void refreshHostUsage() {
        em.createNativeQuery("""
                UPDATE host h SET allocated_memory_mib = a.mem, cluster_count = a.n
                FROM (SELECT h2.id, coalesce(sum(c.memory_mib), 0) AS mem, count(c.id) AS n
                      FROM host h2 LEFT JOIN cluster c ON c.host_id = h2.id AND c.phase IN (:holding)
                      GROUP BY h2.id) a
                WHERE h.id = a.id AND (h.allocated_memory_mib <> a.mem OR h.cluster_count <> a.n)
                """).setParameter("holding", HOLDING).executeUpdate();
    }
}
