package dev.hearth.agent.reconcile;

import dev.hearth.agent.AgentSettings;
import dev.hearth.agent.docker.DockerEndpoint;
import dev.hearth.agent.docker.DockerProbe;
import dev.hearth.agent.network.EgressGuard;
import dev.hearth.agent.plan.ClusterPlanner;
import dev.hearth.agent.provision.ActualCluster;
import dev.hearth.agent.provision.ClusterExecutor;
import dev.hearth.agent.provision.ClusterInventory;
import dev.hearth.agent.provision.ClusterTeardown;
import dev.hearth.protocol.DesiredCluster;
import dev.hearth.protocol.DesiredClusters;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Converges this host's Docker to the desired clusters, level-triggered (docs/architecture.md): keeps only the
 * newest desired set; one loop compares it with the clusters Docker shows by label, on every new set
 * and every resync period, and hands provisioning and teardown to a small pool (one task per cluster).
 * It acts only once a desired set has arrived: before that it cannot tell a cluster to keep from one
 * to delete, and a restarted agent must not wipe its host while the channel reconnects.
 */
@ApplicationScoped
public class ClusterReconciler implements DesiredStateListener, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ClusterReconciler.class);

    private final ClusterInventory inventory;
    private final ClusterExecutor executor;
    private final DockerEndpoint docker;
    private final ClusterTasks tasks;
    private final Duration resync;
    private final Backoff backoff;
    private final Clock clock;
    private final AtomicReference<Map<String, DesiredCluster>> desired = new AtomicReference<>();
    private final Map<String, TaskKind> running = new ConcurrentHashMap<>();
    private final Semaphore kicks = new Semaphore(0);
    /** Passes finished since start, with or without a desired set: what a test waits for instead of a sleep. */
    private final AtomicLong passes = new AtomicLong();
    private final ExecutorService pool;
    /** Empty when {@code hearth.agent.network.confine} is off. */
    private final Optional<EgressGuard> guard;
    private volatile Thread loop;
    private volatile boolean closed;
    private int unreachablePasses;

    public ClusterReconciler(ClusterPlanner planner, ClusterExecutor executor, ClusterInventory inventory,
            ClusterTeardown teardown, DockerEndpoint docker, ObservationSink sink, AgentSettings settings, Clock clock) {
        this.inventory = inventory;
        this.executor = executor;
        this.docker = docker;
        this.resync = settings.reconcile().resync();
        this.backoff = new Backoff(settings.reconcile().failureBackoff(), settings.reconcile().maxBackoff());
        this.clock = clock;
        this.guard = settings.network().confine()
                ? Optional.of(new EgressGuard(docker.client(), settings.hostId())) : Optional.empty();
        this.tasks = new ClusterTasks(planner, executor, inventory, teardown, docker, sink, backoff, clock);
        this.pool = Executors.newFixedThreadPool(settings.reconcile().parallelism(),
                Thread.ofPlatform().name("hearth-cluster-", 1).daemon().factory());
    }

    void onStart(@Observes StartupEvent event) {
        start();
    }

    void onStop(@Observes ShutdownEvent event) {
        close();
    }

    /** Starts the loop; idempotent. */
    public synchronized void start() {
        if (loop == null && !closed) {
            loop = Thread.ofPlatform().name("hearth-reconciler").daemon().start(this::runLoop);
        }
    }

    @Override
    public void desired(DesiredClusters clusters) {
        desired.set(clusters.clusters().stream()
                .collect(Collectors.toUnmodifiableMap(DesiredCluster::id, Function.identity(), (a, b) -> b)));
        // Known before any provisioning of this set starts; written into the registry by the next pass
        // (a warm-pool cluster handed to its participant changes nothing but this).
        Map<String, String> namespaces = new HashMap<>();
        clusters.clusters().forEach(c -> namespaces.put(c.id(), c.registryNamespace()));
        executor.registry().readers(namespaces);
        kicks.release();
    }

    /** How many passes have finished since {@link #start()}. */
    long passes() {
        return passes.get();
    }

    /**
     * Stops the loop and every task. Running provisioning is interrupted, not rolled back: the next
     * agent resumes it from Docker's state.
     */
    @Override
    public synchronized void close() {
        closed = true;
        if (loop != null) {
            loop.interrupt();
        }
        pool.shutdownNow();
        try {
            // A Docker call under way is not interruptible; it ends within the engine timeout, and the
            // run stops at its next step.
            if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("cluster tasks still running 30 s after shutdown began");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void runLoop() {
        while (!closed) {
            try {
                Duration wait = pass();
                passes.incrementAndGet();
                if (kicks.tryAcquire(Math.max(1, wait.toMillis()), TimeUnit.MILLISECONDS)) {
                    kicks.drainPermits();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // A pass must never end the loop; the next one starts from Docker's state again.
                LOG.errorf(e, "reconcile pass failed");
                sleepQuietly(resync);
            }
        }
    }

    /** Level-triggered like the rest: rules a dockerd restart or an operator removed are put back here. */
    private void keepNetworksConfined() {
        try {
            guard.ifPresent(EgressGuard::ensure);
        } catch (RuntimeException e) {
            LOG.errorf("cluster networks of this host are NOT confined: %s", e.getMessage());
        }
    }

    /** One comparison; returns how long until the next is due without a kick. */
    private Duration pass() {
        Map<String, DesiredCluster> wanted = desired.get();
        if (wanted == null) {
            return resync;
        }
        Map<String, ActualCluster> actual;
        try {
            actual = inventory.clusters();
        } catch (RuntimeException e) {
            return dockerUnreachable(wanted, e);
        }
        unreachablePasses = 0;
        keepNetworksConfined();
        Instant now = clock.instant();
        // Running before tracked: a task records its outcome before it leaves the running map, so a
        // task seen finished here has its outcome in the tracked snapshot taken after.
        Map<String, TaskKind> busy = Map.copyOf(running);
        Map<String, ClusterTrack> known = tasks.tracked();
        for (ReconcileAction action : ReconcileDecisions.decide(wanted, actual, known, busy, now)) {
            act(action);
        }
        syncEndpoint();
        syncRegistryAccess();
        return nextDue(now);
    }

    private void act(ReconcileAction action) {
        switch (action) {
            case ReconcileAction.Provision provision -> submit(provision.clusterId(), TaskKind.PROVISION,
                    () -> tasks.provision(provision.cluster(), provision.quietly()));
            case ReconcileAction.Teardown teardown -> submit(teardown.clusterId(), TaskKind.TEARDOWN,
                    () -> tasks.teardown(teardown.clusterId(), teardown.generation()));
            case ReconcileAction.Cancel cancel -> tasks.cancel(cancel.clusterId());
        }
    }

    private void submit(String clusterId, TaskKind kind, ClusterTasks.Work work) {
        running.put(clusterId, kind);
        FutureTask<Void> task = new FutureTask<>(() -> {
            work.run();
            return null;
        }) {
            @Override
            protected void done() {
                // Runs on completion and on cancellation alike, so a cancelled queued task frees its cluster too.
                tasks.forget(clusterId, this);
                running.remove(clusterId);
                kicks.release();
            }
        };
        tasks.remember(clusterId, task);
        pool.execute(task);
    }

    /**
     * Every pass, so the endpoint follows Docker: a finished teardown kicks a pass, which drops its route;
     * an endpoint container removed or stopped by hand comes back. Its failure fails no cluster.
     */
    private void syncEndpoint() {
        try {
            executor.syncEndpoint();
        } catch (RuntimeException e) {
            LOG.warnf(e, "the cluster endpoint could not be brought up to date; next attempt on the next pass");
        }
    }

    /**
     * Every pass, so the registry's read side follows Docker: a torn-down cluster's address leaves the
     * table (its subnet may come back for another cluster), a namespace handed out arrives.
     */
    private void syncRegistryAccess() {
        try {
            executor.registry().syncAccess();
        } catch (RuntimeException e) {
            LOG.warnf(e, "the registry's access table could not be brought up to date; next attempt on the next pass");
        }
    }

    private Duration dockerUnreachable(Map<String, DesiredCluster> wanted, RuntimeException error) {
        unreachablePasses++;
        Duration wait = backoff.after(unreachablePasses);
        String reason = docker.probe() instanceof DockerProbe.Unreachable unreachable
                ? unreachable.message()
                : "Docker engine at " + docker.address() + " failed to list clusters: " + error.getMessage();
        LOG.warnf("%s; next attempt in %d s", reason, wait.toSeconds());
        tasks.waitingForDocker(List.copyOf(wanted.values()), reason + "; clusters wait, next attempt in "
                + wait.toSeconds() + " s");
        return wait;
    }

    private Duration nextDue(Instant now) {
        Duration next = resync;
        for (ClusterTrack track : tasks.tracked().values()) {
            if (track.backingOff(now)) {
                Duration until = Duration.between(now, track.retryAt());
                next = until.compareTo(next) < 0 ? until : next;
            }
        }
        return next;
    }

    private static void sleepQuietly(Duration wait) {
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
