package dev.hearth.backend.logs;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Instant;

/**
 * Deletes old log streams with their lines: ended ones after {@code hearth.logs.retention}, ones
 * that never ended (their follower died) after {@code hearth.logs.idle-retention} without a line.
 */
@ApplicationScoped
public class LogRetention {

    private final EntityManager em;
    private final LogSettings settings;
    private final Clock clock;

    public LogRetention(EntityManager em, LogSettings settings, Clock clock) {
        this.em = em;
        this.settings = settings;
        this.clock = clock;
    }

    @Scheduled(every = "${hearth.logs.purge-every:10m}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            delayed = "30s")
    void scheduled() {
        purge();
    }

    /** @return how many streams were deleted */
    public int purge() {
        Instant now = clock.instant();
        return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
                        DELETE FROM log_stream WHERE ended_at < :ended OR (ended_at IS NULL AND updated_at < :idle)""")
                .setParameter("ended", now.minus(settings.retention()))
                .setParameter("idle", now.minus(settings.idleRetention()))
                .executeUpdate());
    }
}
