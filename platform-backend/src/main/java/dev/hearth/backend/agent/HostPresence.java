package dev.hearth.backend.agent;

import dev.hearth.backend.audit.AuditLog;
import dev.hearth.backend.audit.AuditLog.Action;
import dev.hearth.backend.host.Host;
import dev.hearth.backend.host.HostStatus;
import dev.hearth.protocol.Capacity;
import dev.hearth.protocol.Hello;
import dev.hearth.protocol.Usage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.UUID;
import org.jboss.logging.Logger;

/** Records what agents say about their hosts: who connected, what they offer, that they are alive. */
@ApplicationScoped
public class HostPresence {

    private static final Logger LOG = Logger.getLogger(HostPresence.class);
    private static final long MIB = 1024L * 1024;

    /** What a heartbeat found. */
    public enum Beat { ALIVE, BACK_ONLINE, REVOKED }

    private final AuditLog audit;
    private final EntityManager em;
    private final Clock clock;

    public HostPresence(AuditLog audit, EntityManager em, Clock clock) {
        this.audit = audit;
        this.em = em;
        this.clock = clock;
    }

    /**
     * The agent's {@code Hello}: the host is ONLINE with the capacity and version it reports, each bounded
     * by what the operator enrolled — an agent may offer less than that (its host really has less), never
     * more: a host claiming more would draw every participant's cluster onto itself. A claim beyond the
     * enrolment is capped, logged and audited ({@code host.report-refused}).
     */
    @Transactional
    public void hello(AuthenticatedHost authenticated, Hello hello, String remoteAddress) {
        Host host = Host.findById(authenticated.id());
        HostStatus before = host.status;
        Capacity capacity = hello.capacity();
        host.status = HostStatus.ONLINE;
        host.lastHeartbeatAt = clock.instant();
        host.agentVersion = hello.version();
        // The agent measured (or was configured with) what its host offers; that, within the enrolment,
        // is what the scheduler uses.
        long claimedMemory = capacity.memoryBytes() / MIB;
        long claimedCpu = capacity.cpus() * 1000L;
        host.memoryMib = (int) Math.min(claimedMemory, host.enrolledMemoryMib);
        host.cpuMillis = (int) Math.min(claimedCpu, host.enrolledCpuMillis);
        host.maxClusters = Math.min(capacity.maxClusters(), host.enrolledMaxClusters);
        if (claimedMemory > host.enrolledMemoryMib || claimedCpu > host.enrolledCpuMillis
                || capacity.maxClusters() > host.enrolledMaxClusters) {
            String detail = "capacity claimed beyond the enrolment, capped: " + claimedMemory + " MiB, " + claimedCpu
                    + " millicores, " + capacity.maxClusters() + " clusters claimed; enrolled " + host.enrolledMemoryMib
                    + " MiB, " + host.enrolledCpuMillis + " millicores, " + host.enrolledMaxClusters + " clusters";
            LOG.warnf("host %s: %s", host.name, detail);
            audit.recordAgent(host.name, Action.HOST_REPORT_REFUSED, "host", host.id.toString(), detail);
        }
        audit.recordAgent(host.name, Action.HOST_CONNECT, "host", host.id.toString(),
                "agent " + hello.version() + " from " + remoteAddress + " (was " + before + "); offers "
                        + host.memoryMib + " MiB, " + host.cpuMillis + " millicores, " + host.maxClusters + " clusters");
    }

    /**
     * A heartbeat: last-seen and usage. Written with plain updates, not the versioned entity, so a
     * heartbeat every few seconds never collides with the scheduler or the monitor.
     */
    @Transactional
    public Beat heartbeat(UUID hostId, Usage usage) {
        Object[] row = (Object[]) em.createNativeQuery("SELECT status, revoked_at FROM host WHERE id = :id")
                .setParameter("id", hostId).getResultList().stream().findFirst().orElse(null);
        if (row == null || row[1] != null) {
            return Beat.REVOKED;
        }
        em.createNativeQuery("""
                UPDATE host SET last_heartbeat_at = :now, status = 'ONLINE', usage_memory_mib = :memory,
                    usage_cpu_millis = :cpu, usage_clusters = :clusters WHERE id = :id
                """)
                .setParameter("now", clock.instant())
                .setParameter("memory", (int) Math.min(Integer.MAX_VALUE, usage.memoryUsedBytes() / MIB))
                .setParameter("cpu", (int) Math.round(usage.cpuUsedCores() * 1000))
                .setParameter("clusters", usage.clusters())
                .setParameter("id", hostId)
                .executeUpdate();
        return HostStatus.ONLINE.name().equals(row[0]) ? Beat.ALIVE : Beat.BACK_ONLINE;
    }
}
