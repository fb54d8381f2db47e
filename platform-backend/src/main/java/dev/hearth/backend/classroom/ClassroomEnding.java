package dev.hearth.backend.classroom;

import dev.hearth.backend.cluster.ClusterLifecycle;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;

/**
 * The end of a class, by the button or by its end time: every seat's cluster starts deleting (its
 * host's agent removes the containers), the join code expires, and each participant's time in their
 * seat closes, so the summary is final. Seats keep their participant and last cluster for the record.
 */
@ApplicationScoped
public class ClassroomEnding {

    private final ClusterLifecycle lifecycle;
    private final Clock clock;

    public ClassroomEnding(ClusterLifecycle lifecycle, Clock clock) {
        this.lifecycle = lifecycle;
        this.clock = clock;
    }

    /** @return how many clusters it started deleting */
    @Transactional(Transactional.TxType.MANDATORY)
    public int end(Classroom classroom, String reason) {
        Instant now = clock.instant();
        classroom.endedAt = now;
        if (classroom.codeExpiresAt.isAfter(now)) {
            classroom.codeExpiresAt = now;
        }
        int deleting = 0;
        for (Seat seat : Seat.of(classroom.id)) {
            var cluster = SeatClusters.live(seat);
            if (cluster.isPresent()) {
                lifecycle.beginDeletion(cluster.get(), reason);
                seat.lastActivityAt = now;
                deleting++;
            }
        }
        SeatOccupancy.update("leftAt = ?1 where classroomId = ?2 and leftAt is null", now, classroom.id);
        return deleting;
    }
}
