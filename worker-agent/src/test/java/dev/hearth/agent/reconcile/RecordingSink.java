package dev.hearth.agent.reconcile;

import dev.hearth.protocol.ClusterObserved;
import dev.hearth.protocol.Credentials;
import dev.hearth.protocol.ObservedPhase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/** Keeps every observation and credential, with the instant it arrived, and waits for the ones a test expects. */
public final class RecordingSink implements ObservationSink {

    record Timed(Instant at, ClusterObserved observation) {
    }

    private final List<Timed> observations = new ArrayList<>();
    private final List<Credentials> credentials = new ArrayList<>();

    @Override
    public synchronized void observed(ClusterObserved observation) {
        observations.add(new Timed(Instant.now(), observation));
        notifyAll();
    }

    @Override
    public synchronized void credentials(Credentials issued) {
        credentials.add(issued);
        notifyAll();
    }

    synchronized List<Timed> timed(String clusterId) {
        return observations.stream().filter(timed -> timed.observation().id().equals(clusterId)).toList();
    }

    synchronized List<ClusterObserved> of(String clusterId) {
        return timed(clusterId).stream().map(Timed::observation).toList();
    }

    public synchronized Optional<Credentials> credentialsOf(String clusterId) {
        return credentials.stream().filter(issued -> issued.clusterId().equals(clusterId)).reduce((first, last) -> last);
    }

    /** Waits for an observation of {@code clusterId} in {@code phase}; fails early if it turns FAILED instead. */
    public ClusterObserved await(String clusterId, ObservedPhase phase, Duration timeout) throws Exception {
        return await(clusterId, "phase " + phase, observation -> observation.phase() == phase, timeout, true);
    }

    /** Waits for an observation of {@code clusterId} that {@code wanted} accepts, whatever came before. */
    ClusterObserved awaitMatching(String clusterId, String what, Predicate<ClusterObserved> wanted, Duration timeout)
            throws Exception {
        return await(clusterId, what, wanted, timeout, false);
    }

    private synchronized ClusterObserved await(String clusterId, String what, Predicate<ClusterObserved> wanted,
            Duration timeout, boolean failEarly) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (ClusterObserved observation : of(clusterId)) {
                if (wanted.test(observation)) {
                    return observation;
                }
            }
            Optional<ClusterObserved> failed = of(clusterId).stream()
                    .filter(observation -> observation.phase() == ObservedPhase.FAILED).findFirst();
            if (failEarly && failed.isPresent()) {
                throw new AssertionError("cluster " + clusterId + " FAILED while waiting for " + what + ": "
                        + failed.get().message());
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException("no " + what + " for cluster " + clusterId + " within " + timeout
                        + "; observed: " + of(clusterId));
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }
}
