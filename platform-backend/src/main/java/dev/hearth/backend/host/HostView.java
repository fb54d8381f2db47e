package dev.hearth.backend.host;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A host and its capacity; {@code agentToken} and {@code joinCommand} only in the answer to its enrolment. */
@Schema(name = "Host")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HostView(
        UUID id,
        String name,
        HostStatus status,
        @Schema(description = "ACCEPTING new clusters, DRAINED (holds its clusters, takes no new ones) or RETIRED (gone, kept for its history)")
        Scheduling scheduling,
        Capacity capacity,
        @Schema(description = "What is handed out now") Usage usage,
        @Schema(description = "What the host's agent last measured, host-wide; absent before its first heartbeat")
        Measured measured,
        String agentVersion,
        Instant enrolledAt,
        Instant lastHeartbeatAt,
        Instant drainedAt,
        Instant retiredAt,
        @Schema(description = "Secret the worker agent connects with; returned once at enrolment") String agentToken,
        @Schema(description = "Run as root on a fresh Debian 12 machine to make it this host; returned once at enrolment")
        String joinCommand) {

    /** Whether the scheduler may place new clusters on the host. */
    public enum Scheduling { ACCEPTING, DRAINED, RETIRED }

    /** What the scheduler may hand out on this host. */
    public record Capacity(int memoryMib, int cpuMillis, int maxClusters) {
    }

    public record Usage(int memoryMib, int clusters) {
    }

    /** Memory in use and CPU busy on the whole host, from the agent's heartbeat. */
    public record Measured(int memoryMib, int cpuMillis) {
    }

    static HostView of(Host h) {
        return of(h, null, null);
    }

    static HostView of(Host h, String agentToken, String joinCommand) {
        Scheduling scheduling = h.retiredAt != null ? Scheduling.RETIRED
                : h.drainedAt != null ? Scheduling.DRAINED : Scheduling.ACCEPTING;
        return new HostView(h.id, h.name, h.status, scheduling, new Capacity(h.memoryMib, h.cpuMillis, h.maxClusters),
                new Usage(h.allocatedMemoryMib, h.clusterCount), measured(h), h.agentVersion, h.enrolledAt, h.lastHeartbeatAt,
                h.drainedAt, h.retiredAt, agentToken, joinCommand);
    }

    private static Measured measured(Host h) {
        return h.measuredMemoryMib == null || h.measuredCpuMillis == null ? null
                : new Measured(h.measuredMemoryMib, h.measuredCpuMillis);
    }
}
