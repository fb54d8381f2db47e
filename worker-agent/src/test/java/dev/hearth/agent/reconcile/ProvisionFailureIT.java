package dev.hearth.agent.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.agent.TestHost;
import dev.hearth.protocol.ClusterConfig;
import dev.hearth.protocol.ClusterObserved;
import dev.hearth.protocol.DesiredCluster;
import dev.hearth.protocol.DesiredClusters;
import dev.hearth.protocol.FeatureGates;
import dev.hearth.protocol.ObservedPhase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A cluster that cannot start: the report says which step failed for which cluster, with the
 * container's state and last log lines; nothing of the attempt is left; it is retried after back-off.
 */
@Timeout(180)
class ProvisionFailureIT {

    @Test
    void aControlPlaneTooSmallToRunFailsWithItsDiagnosticsIsRolledBackAndRetried() throws Exception {
        // 24 MiB holds the supervisor but not etcd and the API server together: the container dies starting.
        try (TestHost host = new TestHost(Map.of("hearth.agent.control-plane.memory", "24M",
                "hearth.agent.reconcile.failure-backoff", "1s"))) {
            String id = "fail-" + host.hostId();
            var sink = new RecordingSink();
            try (ClusterReconciler agent = TestAgent.reconciler(host, sink)) {
                agent.desired(new DesiredClusters(List.of(new DesiredCluster(id, id,
                        new ClusterConfig(new FeatureGates(false, false), Map.of()), 2))));

                ClusterObserved failed = sink.await(id, ObservedPhase.FAILED, Duration.ofMinutes(2));
                assertThat(failed.generation()).isEqualTo(2);
                assertThat(failed.step()).isIn("Starting etcd", "Starting API server");
                assertThat(failed.message())
                        .startsWith("failed to start ")
                        .contains(" for cluster " + id + ": ")
                        .contains("container hearth-" + id + "-control-plane is exited (exit code ")
                        .containsPattern("last \\d+ log lines:\n  ")
                        .contains("next attempt in 1 s");
                assertThat(host.objectsOf(id)).as("the failed attempt is rolled back").isEmpty();

                sink.awaitMatching(id, "a second attempt after the back-off", observed -> {
                    List<ClusterObserved> all = sink.of(id);
                    return all.subList(all.indexOf(failed) + 1, all.size()).stream()
                            .anyMatch(later -> later.phase() == ObservedPhase.PROVISIONING);
                }, Duration.ofSeconds(30));

                // Given up on: the attempt under way is cancelled and whatever it made removed.
                agent.desired(new DesiredClusters(List.of()));
                sink.awaitMatching(id, "DELETED", observed -> observed.phase() == ObservedPhase.DELETED, Duration.ofMinutes(1));
            }
        }
    }
}
