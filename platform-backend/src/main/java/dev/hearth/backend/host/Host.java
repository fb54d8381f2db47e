package dev.hearth.backend.host;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/** A bare-metal host running one worker agent; capacity is what the scheduler may hand out. */
@Entity
@Table(name = "host")
public class Host extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(nullable = false, unique = true)
    public String name;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public HostStatus status;

    /** SHA-256 of the agent token; the token itself is shown once at enrolment. */
    @Column(name = "agent_token_hash", nullable = false, unique = true)
    public String agentTokenHash;

    @Column(name = "memory_mib", nullable = false)
    public int memoryMib;

    @Column(name = "cpu_millis", nullable = false)
    public int cpuMillis;

    @Column(name = "max_clusters", nullable = false)
    public int maxClusters;

    /** What the operator enrolled: the most the agent's Hello may claim (memoryMib etc. are its claim, bounded). */
    @Column(name = "enrolled_memory_mib", nullable = false)
    public int enrolledMemoryMib;

    @Column(name = "enrolled_cpu_millis", nullable = false)
    public int enrolledCpuMillis;

    @Column(name = "enrolled_max_clusters", nullable = false)
    public int enrolledMaxClusters;

    @Column(name = "allocated_memory_mib", nullable = false)
    public int allocatedMemoryMib;

    @Column(name = "cluster_count", nullable = false)
    public int clusterCount;

    /** What the agent last measured on the host (its heartbeat): memory in use, null before the first. */
    @Column(name = "usage_memory_mib")
    public Integer measuredMemoryMib;

    /** CPU busy on the host over the agent's last heartbeat interval, in thousandths of a core. */
    @Column(name = "usage_cpu_millis")
    public Integer measuredCpuMillis;

    @Column(name = "advertise_address")
    public String advertiseAddress;

    @Column(name = "agent_version")
    public String agentVersion;

    @Column(name = "enrolled_at", nullable = false)
    public Instant enrolledAt;

    @Column(name = "last_heartbeat_at")
    public Instant lastHeartbeatAt;

    /** Set when the host's token is withdrawn: its agent is refused from then on. */
    @Column(name = "revoked_at")
    public Instant revokedAt;

    /** Set while the host takes no new clusters (docs/operations.md); those it holds run to their end. */
    @Column(name = "drained_at")
    public Instant drainedAt;

    /** Set when the host left for good: drained, empty, its token revoked; kept for its history. */
    @Column(name = "retired_at")
    public Instant retiredAt;

    @Version
    public long version;
}
