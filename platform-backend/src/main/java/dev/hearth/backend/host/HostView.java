package dev.hearth.backend.host;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A host and its capacity; {@code agentToken} only in the answer to its enrolment. */
@Schema(name = "Host")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HostView(
        UUID id,
        String name,
        HostStatus status,
        Capacity capacity,
        @Schema(description = "What is handed out now") Usage usage,
        String agentVersion,
        Instant enrolledAt,
        Instant lastHeartbeatAt,
        @Schema(description = "Secret the worker agent connects with; returned once at enrolment") String agentToken) {

    /** What the scheduler may hand out on this host. */
    public record Capacity(int memoryMib, int cpuMillis, int maxClusters) {
    }

    public record Usage(int memoryMib, int clusters) {
    }

    static HostView of(Host h, String agentToken) {
        return new HostView(h.id, h.name, h.status, new Capacity(h.memoryMib, h.cpuMillis, h.maxClusters),
                new Usage(h.allocatedMemoryMib, h.clusterCount), h.agentVersion, h.enrolledAt, h.lastHeartbeatAt,
                agentToken);
    }
}
