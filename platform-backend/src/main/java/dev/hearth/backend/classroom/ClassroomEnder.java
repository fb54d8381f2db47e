package dev.hearth.backend.classroom;

import dev.hearth.backend.audit.AuditLog;
import dev.hearth.backend.audit.AuditLog.Action;
import dev.hearth.backend.support.Retry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/** Ends classrooms whose end time has passed, as the "End class" button would; each in its own transaction. */
@ApplicationScoped
public class ClassroomEnder {

    private final ClassroomEnding ending;
    private final AuditLog audit;
    private final Clock clock;

    public ClassroomEnder(ClassroomEnding ending, AuditLog audit, Clock clock) {
        this.ending = ending;
        this.audit = audit;
        this.clock = clock;
    }

    @Scheduled(every = "${hearth.classroom.end-check-every:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            delayed = "10s")
    void scheduled() {
        endDue();
    }

    /** @return ids of the classrooms this round ended */
    public List<UUID> endDue() {
        List<UUID> due = QuarkusTransaction.requiringNew().call(() -> Classroom.<Classroom>list(
                "endedAt is null and endsAt <= ?1 order by endsAt", clock.instant()).stream().map(c -> c.id).toList());
        return due.stream().filter(this::endOne).toList();
    }

    /** Retried on a stale version: the seats' clusters may change under us (scheduler, agents). */
    private boolean endOne(UUID id) {
        return Retry.onStaleVersion(() -> QuarkusTransaction.requiringNew().call(() -> {
            Classroom c = Classroom.findById(id, LockModeType.PESSIMISTIC_WRITE);
            if (c == null || c.ended() || c.endsAt.isAfter(clock.instant())) {
                return false;
            }
            int clusters = ending.end(c, "Class " + c.name + " ended at its end time");
            audit.recordSystem(Action.CLASSROOM_END, "classroom", id.toString(), "clusters=" + clusters + " at end time");
            return true;
        }));
    }
}
