package dev.hearth.backend.classroom;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.qute.TemplateData;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A classroom with its progress board, as its instructors (and admins) see it. */
// Also read by the untyped tile partial, so Qute needs its value resolver generated.
@TemplateData
@Schema(name = "Classroom")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClassroomView(
        UUID id,
        String name,
        @Schema(description = "User name of the instructor who created it") String instructor,
        @Schema(description = "UPCOMING, RUNNING or ENDED") String status,
        int seatCount,
        Instant startsAt,
        Instant endsAt,
        @Schema(description = "Lifetime of a seat's cluster from hand-out; absent = until the class ends") String ttl,
        String demoTrack,
        @Schema(description = "The normalised ClusterConfiguration every seat gets (YAML)") String config,
        JoinCodeView joinCode,
        @Schema(description = "When pre-provisioning was asked for") Instant provisionedAt,
        Instant endedAt,
        Counts counts,
        @Schema(description = "Why seats wait for a cluster, when some do") String waitingReason,
        List<SeatView> seats) {

    /** How the seats stand, for the board's head line. */
    @Schema(name = "SeatCounts")
    public record Counts(int taken, int ready, int starting, int waiting, int failed, int withoutCluster, int stuck) {
    }

    public boolean ended() {
        return endedAt != null;
    }
}
