package dev.hearth.backend.classroom;

import dev.hearth.backend.cluster.ClusterPhase;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A participant's seat after joining (docs/architecture.md, "The backend": {@code {classroomId, seatId, clusterId}}). */
@Schema(name = "JoinResult")
public record JoinResult(
        UUID classroomId,
        @Schema(description = "Name of the classroom") String classroom,
        UUID seatId,
        @Schema(description = "1-based seat number") int seat,
        @Schema(description = "The seat's cluster, now yours") String clusterId,
        @Schema(description = "Its phase: READY at once for a pre-provisioned seat") ClusterPhase phase,
        @Schema(description = "Whether an already-provisioned cluster was handed over") boolean warm) {
}
