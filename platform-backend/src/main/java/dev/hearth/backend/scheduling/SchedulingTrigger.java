package dev.hearth.backend.scheduling;

import dev.hearth.backend.cluster.SchedulingNeeded;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Runs scheduling passes when something changed (a request, an agent's hello, capacity freed) and
 * periodically as a safety net. Requests coalesce: however many arrive while a pass is queued, one
 * more pass runs, on a single thread, so a burst of requests costs a pass or two, not one each.
 */
@ApplicationScoped
public class SchedulingTrigger {

    private static final Logger LOG = Logger.getLogger(SchedulingTrigger.class);

    private final ClusterScheduler scheduler;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "hearth-scheduler");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean queued = new AtomicBoolean();

    public SchedulingTrigger(ClusterScheduler scheduler) {
        this.scheduler = scheduler;
    }

    /** Asks for a pass soon; returns at once. */
    public void request() {
        if (queued.compareAndSet(false, true)) {
            worker.execute(() -> {
                queued.set(false);
                try {
                    scheduler.pass();
                } catch (RuntimeException e) {
                    // The next trigger or periodic pass tries again; one failed pass loses nothing.
                    LOG.warn("scheduling pass failed; the next one retries", e);
                }
            });
        }
    }

    void changed(@Observes(during = TransactionPhase.AFTER_SUCCESS) SchedulingNeeded event) {
        LOG.debugf("scheduling pass requested: %s", event.why());
        request();
    }

    @Scheduled(every = "${hearth.scheduling.every:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            delayed = "2s")
    void periodic() {
        request();
    }

    void stop(@Observes ShutdownEvent event) {
        worker.shutdownNow();
    }
}
