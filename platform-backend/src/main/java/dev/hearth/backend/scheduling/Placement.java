package dev.hearth.backend.scheduling;

import dev.hearth.backend.cluster.Cluster;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Where one cluster goes (docs/architecture.md, "The backend"): among hosts with room — memory, CPU, and the host's
 * maximum number of clusters — the least loaded, so clusters spread over hosts instead of piling onto the
 * first. Pure logic; the pass around it does the database work.
 */
public final class Placement {

    /** Least loaded first; ties go to fewer clusters, then to the name, so placement is deterministic. */
    private static final Comparator<HostLoad> SPREAD = Comparator.comparingDouble(HostLoad::load)
            .thenComparingInt(HostLoad::clusters)
            .thenComparing(HostLoad::name);

    /** Why a cluster waits when the only online hosts are drained. */
    public static final String EVERY_HOST_DRAINED = "Waiting for capacity: every online host is drained";

    private Placement() {
    }

    public static Optional<HostLoad> choose(List<HostLoad> online, int mib, int millis) {
        return online.stream().filter(h -> h.fits(mib, millis)).min(SPREAD);
    }

    /** A cluster waiting in a classroom's warm pool: pre-provisioned, nobody holds it yet. */
    public static boolean isWarmPool(Cluster cluster) {
        return cluster.ownerId == null;
    }

    /** The hosts starting fewer than {@code limit} clusters: where a warm-pool cluster may go now. */
    public static List<HostLoad> withStartingRoom(List<HostLoad> online, Map<UUID, Integer> starting, int limit) {
        return online.stream().filter(h -> starting.getOrDefault(h.id(), 0) < limit).toList();
    }

    /** Why a warm-pool cluster waits although there is room: the per-host start limit. */
    public static String whyWarmPoolWaits(int limit) {
        return "Waiting: pre-provisioning starts at most " + limit + " clusters at a time per host";
    }

    /** Why nothing fits, in words for the person waiting (shown as the cluster's message). */
    public static String whyWaiting(List<HostLoad> online, int mib, int millis) {
        if (online.isEmpty()) {
            return "Waiting for capacity: no host is online";
        }
        List<HostLoad> withSlots = online.stream().filter(h -> h.clusters() < h.maxClusters()).toList();
        if (withSlots.isEmpty()) {
            return "Waiting for capacity: every online host holds its maximum number of clusters";
        }
        List<HostLoad> withMemory = withSlots.stream().filter(h -> h.freeMib() >= mib).toList();
        if (withMemory.isEmpty()) {
            HostLoad roomiest = withSlots.stream().max(Comparator.comparingInt(HostLoad::freeMib)).orElseThrow();
            return "Waiting for capacity: no host has " + mib + " MiB free (most is " + roomiest.freeMib()
                    + " MiB on " + roomiest.name() + ")";
        }
        HostLoad idlest = withMemory.stream().max(Comparator.comparingInt(HostLoad::freeMillis)).orElseThrow();
        return "Waiting for capacity: no host has " + cores(millis) + " cores free (most is "
                + cores(idlest.freeMillis()) + " cores on " + idlest.name() + ")";
    }

    /** Millicores as cores for people: 50 -> "0.05", 1500 -> "1.5". */
    static String cores(int millis) {
        return java.math.BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString();
    }
}
