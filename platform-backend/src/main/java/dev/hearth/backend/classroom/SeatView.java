package dev.hearth.backend.classroom;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.qute.TemplateData;
import dev.hearth.backend.cluster.ClusterPhase;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One tile of the progress board. */
// Also read by the untyped tile partial, so Qute needs its value resolver generated.
@TemplateData
@Schema(name = "Seat")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SeatView(
        UUID id,
        @Schema(description = "1-based seat number") int number,
        @Schema(description = "User name of the participant in it, if any") String participant,
        String clusterId,
        @Schema(description = "Phase of the seat's cluster; absent when it has none") ClusterPhase phase,
        @Schema(description = "Current provisioning step") String step,
        @Schema(description = "Status message: why it waits, why it failed") String message,
        @Schema(description = "Guided-demo steps DONE (0-6), as the participant last saw them") int demoStep,
        @Schema(description = "Newest event of the seat or its cluster") Instant lastActivity,
        @Schema(description = "When the seat's cluster expires") Instant expiresAt,
        @Schema(description = "No progress for the board's stuck time, or a failed cluster") boolean stuck) {

    public boolean taken() {
        return participant != null;
    }

    /** One line under the tile's badge: the step it is at, or why it waits or failed. */
    public String note() {
        if (step != null) {
            return step;
        }
        return phase == ClusterPhase.REQUESTED || phase == ClusterPhase.FAILED || phase == ClusterPhase.LOST ? message : null;
    }

    /** Its cluster can be extended (it is there and not on its way out). */
    public boolean extendable() {
        return phase != null && phase.isLive();
    }

    /** The cluster is in the queue for a host. */
    public boolean waiting() {
        return phase == ClusterPhase.REQUESTED;
    }
}
