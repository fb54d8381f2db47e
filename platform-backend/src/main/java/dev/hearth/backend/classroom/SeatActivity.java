package dev.hearth.backend.classroom;

import dev.hearth.backend.cluster.ClusterEventRecorded;
import dev.hearth.backend.cluster.ClusterPhase;
import dev.hearth.backend.demo.DemoStepsDone;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Keeps a seat in step with its cluster, in the same transaction as each cluster event: the board's
 * "last activity", and the moment the participant first had a READY cluster (the summary's time to
 * first success). The board's demo step is the guided demo's own count of DONE steps, put on the
 * participant's current occupancy whenever the demo announces it.
 */
@ApplicationScoped
public class SeatActivity {

    void recorded(@Observes ClusterEventRecorded event) {
        Seat seat = Seat.find("clusterId", event.clusterId()).firstResult();
        if (seat == null) {
            return;
        }
        seat.lastActivityAt = event.at();
        if (event.phase() == ClusterPhase.READY && seat.participantId != null) {
            SeatOccupancy.current(seat.id).filter(o -> o.firstReadyAt == null).ifPresent(o -> o.firstReadyAt = event.at());
        }
    }

    void stepsDone(@Observes DemoStepsDone event) {
        SeatOccupancy.update("stepsCompleted = ?1 where participantId = ?2 and leftAt is null and stepsCompleted <> ?1",
                event.steps(), event.participantId());
    }
}
