package dev.hearth.backend.demo;

import dev.hearth.backend.cluster.ClusterPhase;
import dev.hearth.protocol.BuildStatus;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Housekeeping of builds: one whose host's agent never answers is FAILED after the build timeout, so
 * the participant can retry; builds whose cluster is gone or whose time is up are removed with it
 * (their image lived in that cluster host's registry).
 */
@ApplicationScoped
public class BuildTimeouts {

    private final DemoSettings settings;
    private final Clock clock;

    public BuildTimeouts(DemoSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    @Scheduled(every = "${hearth.demo.check-every:15s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            delayed = "10s")
    void scheduled() {
        failStale();
        removeExpired();
    }

    /** @return how many builds it failed */
    @Transactional
    public int failStale() {
        Instant now = clock.instant();
        return Build.update("status = ?1, message = ?2, finishedAt = ?3 where status in ?4 and createdAt < ?5",
                BuildStatus.FAILED, "no result from the build host's agent within " + settings.buildTimeout().toSeconds()
                        + " s; try again", now, List.of(BuildStatus.QUEUED, BuildStatus.RUNNING),
                now.minus(settings.buildTimeout()));
    }

    /** @return how many builds it removed */
    @Transactional
    public int removeExpired() {
        return (int) Build.delete("expiresAt < ?1 or clusterId in (select c.id from Cluster c where c.phase = ?2)",
                clock.instant(), ClusterPhase.DELETED);
    }
}
