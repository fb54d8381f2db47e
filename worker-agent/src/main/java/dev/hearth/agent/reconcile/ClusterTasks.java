package dev.hearth.agent.reconcile;

import dev.hearth.agent.docker.DockerEndpoint;
import dev.hearth.agent.docker.DockerProbe;
import dev.hearth.agent.plan.ClusterPlan;
import dev.hearth.agent.plan.ClusterPlanner;
import dev.hearth.agent.provision.ClusterExecutor;
import dev.hearth.agent.provision.ClusterInventory;
import dev.hearth.agent.provision.ClusterTeardown;
import dev.hearth.agent.provision.Failures;
import dev.hearth.agent.provision.ProvisionException;
import dev.hearth.agent.provision.ProvisionResult;
import dev.hearth.agent.provision.Step;
import dev.hearth.agent.provision.StepListener;
import dev.hearth.protocol.ClusterObserved;
import dev.hearth.protocol.Credentials;
import dev.hearth.protocol.DesiredCluster;
import dev.hearth.protocol.ObservedPhase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import org.jboss.logging.Logger;

/**
 * The work the reconciler hands to its pool — provisioning and teardown of one cluster — and the
 * reports of it: every step as a {@link ClusterObserved} with the desired generation (docs/architecture.md, "Cluster lifecycle").
 */
final class ClusterTasks {

    private static final Logger LOG = Logger.getLogger(ClusterTasks.class);

    /** A task body. */
    @FunctionalInterface
    interface Work {
        void run() throws InterruptedException;
    }

    private final ClusterPlanner planner;
    private final ClusterExecutor executor;
    private final ClusterInventory inventory;
    private final ClusterTeardown teardown;
    private final DockerEndpoint docker;
    private final ObservationSink sink;
    private final Backoff backoff;
    private final Clock clock;
    private final Map<String, ClusterTrack> tracked = new ConcurrentHashMap<>();
    private final Map<String, Future<?>> futures = new ConcurrentHashMap<>();
    private final Map<String, ClusterObserved> lastReported = new ConcurrentHashMap<>();

    ClusterTasks(ClusterPlanner planner, ClusterExecutor executor, ClusterInventory inventory, ClusterTeardown teardown,
            DockerEndpoint docker, ObservationSink sink, Backoff backoff, Clock clock) {
        this.planner = planner;
        this.executor = executor;
        this.inventory = inventory;
        this.teardown = teardown;
        this.docker = docker;
        this.sink = sink;
        this.backoff = backoff;
        this.clock = clock;
    }

    Map<String, ClusterTrack> tracked() {
        return Map.copyOf(tracked);
    }

    /** Provisions (or, {@code quietly}, confirms) one cluster and reports the outcome. */
    void provision(DesiredCluster cluster, boolean quietly) throws InterruptedException {
        long generation = cluster.generation();
        ClusterPlan plan;
        try {
            plan = planner.plan(cluster);
        } catch (IllegalArgumentException e) {
            failed(cluster.id(), generation, null, e.getMessage());
            return;
        }
        StepListener listener = quietly ? StepListener.NONE : new StepListener() {
            @Override
            public void starting(Step step) {
                report(new ClusterObserved(cluster.id(), generation, ObservedPhase.PROVISIONING, step.title(), null, null));
            }
        };
        try {
            ProvisionResult result = executor.provision(plan, listener);
            sink.credentials(new Credentials(cluster.id(), result.kubeconfig()));
            tracked.put(cluster.id(), ClusterTrack.ready(generation));
            String notices = plan.notices().isEmpty() ? null : String.join("; ", plan.notices());
            report(new ClusterObserved(cluster.id(), generation, ObservedPhase.READY, null, result.apiEndpoint(), notices));
        } catch (ProvisionException e) {
            failed(cluster.id(), generation, e.step().title(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.errorf(e, "provisioning cluster %s failed unexpectedly", cluster.id());
            failed(cluster.id(), generation, null,
                    "failed to provision cluster " + cluster.id() + ": " + Failures.describe(e));
        }
    }

    /**
     * A failed attempt: FAILED with the reason and when the next attempt comes — unless Docker itself is
     * gone, which is no fault of the cluster: then it waits, PROVISIONING, and the message says why.
     */
    private void failed(String clusterId, long generation, String step, String reason) {
        ClusterTrack previous = tracked.get(clusterId);
        int failures = previous != null && previous.generation() == generation ? previous.failures() + 1 : 1;
        Duration wait = backoff.after(failures);
        Instant retryAt = clock.instant().plus(wait);
        String retry = "; next attempt in " + wait.toSeconds() + " s";
        if (docker.probe() instanceof DockerProbe.Unreachable unreachable) {
            tracked.put(clusterId, new ClusterTrack(ObservedPhase.PROVISIONING, generation, failures, retryAt));
            report(new ClusterObserved(clusterId, generation, ObservedPhase.PROVISIONING, step, null,
                    unreachable.message() + "; the cluster waits" + retry));
            return;
        }
        LOG.warnf("cluster %s: %s", clusterId, reason);
        tracked.put(clusterId, new ClusterTrack(ObservedPhase.FAILED, generation, failures, retryAt));
        report(new ClusterObserved(clusterId, generation, ObservedPhase.FAILED, step, null, reason + retry));
    }

    void teardown(String clusterId, long generation) {
        report(new ClusterObserved(clusterId, generation, ObservedPhase.DELETING, "Deleting cluster", null, null));
        try {
            teardown.remove(clusterId);
            if (inventory.clusters().containsKey(clusterId)) {
                throw new IllegalStateException("objects labelled for it remain after removal");
            }
            tracked.remove(clusterId);
            report(new ClusterObserved(clusterId, generation, ObservedPhase.DELETED, null, null, null));
            lastReported.remove(clusterId);
        } catch (RuntimeException e) {
            ClusterTrack previous = tracked.get(clusterId);
            int failures = previous != null && previous.phase() == ObservedPhase.DELETING ? previous.failures() + 1 : 1;
            Duration wait = backoff.after(failures);
            Instant retryAt = clock.instant().plus(wait);
            tracked.put(clusterId, new ClusterTrack(ObservedPhase.DELETING, generation, failures, retryAt));
            report(new ClusterObserved(clusterId, generation, ObservedPhase.DELETING, "Deleting cluster", null,
                    "failed to delete cluster " + clusterId + ": " + Failures.describe(e) + "; next attempt in "
                            + wait.toSeconds() + " s"));
        }
    }

    /** Docker does not answer: every desired cluster hears why it waits (once per distinct message). */
    void waitingForDocker(List<DesiredCluster> clusters, String message) {
        for (DesiredCluster cluster : clusters) {
            ClusterTrack track = tracked.get(cluster.id());
            // A cluster waits, it has not failed: FAILED or unknown ones read as PROVISIONING meanwhile.
            ObservedPhase phase = track == null || track.phase() == ObservedPhase.FAILED
                    ? ObservedPhase.PROVISIONING
                    : track.phase();
            report(new ClusterObserved(cluster.id(), cluster.generation(), phase, null, null, message));
        }
    }

    void remember(String clusterId, Future<?> task) {
        futures.put(clusterId, task);
    }

    void forget(String clusterId, Future<?> task) {
        futures.remove(clusterId, task);
    }

    /** Interrupts the cluster's provisioning; its objects go with the teardown that follows. */
    void cancel(String clusterId) {
        Future<?> task = futures.get(clusterId);
        if (task != null) {
            task.cancel(true);
        }
    }

    /** Sends an observation unless it repeats the last one for that cluster word for word. */
    private void report(ClusterObserved observation) {
        ClusterObserved last = lastReported.put(observation.id(), observation);
        if (!Objects.equals(last, observation)) {
            sink.observed(observation);
        }
    }
}
