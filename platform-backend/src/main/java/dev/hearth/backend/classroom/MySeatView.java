package dev.hearth.backend.classroom;

import dev.hearth.backend.cluster.ClusterPhase;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A participant's own seat: all they may see of a classroom. */
@Schema(name = "MySeat")
public record MySeatView(UUID classroomId, String classroom, UUID seatId, int seat, String instructor, Instant endsAt,
        boolean ended, String clusterId, ClusterPhase phase) {
}
