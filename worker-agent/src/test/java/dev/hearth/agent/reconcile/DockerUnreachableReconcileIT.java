package dev.hearth.agent.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.agent.AgentSettings;
import dev.hearth.agent.TestSettings;
import dev.hearth.agent.docker.DockerEndpoint;
import dev.hearth.protocol.ClusterObserved;
import dev.hearth.protocol.DesiredCluster;
import dev.hearth.protocol.DesiredClusters;
import dev.hearth.protocol.ObservedPhase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** An agent whose Docker engine does not answer: clusters wait, the reports say why, nothing crashes. */
@Timeout(60)
class DockerUnreachableReconcileIT {

    @Test
    void desiredClustersWaitAndSayTheEngineIsUnreachable(@TempDir Path tmp) throws Exception {
        String address = "unix://" + tmp.resolve("dead-docker.sock");
        AgentSettings settings = TestSettings.with(Map.of(
                "hearth.agent.docker.host", address,
                "hearth.agent.docker.timeout", "1s",
                "hearth.agent.reconcile.failure-backoff", "1s"));
        var sink = new RecordingSink();
        try (var docker = new DockerEndpoint(settings);
                ClusterReconciler agent = TestAgent.reconciler(settings, docker, sink)) {
            agent.desired(new DesiredClusters(List.of(new DesiredCluster("c1", "alice", null, 4))));

            ClusterObserved waiting = sink.await("c1", ObservedPhase.PROVISIONING, Duration.ofSeconds(20));
            assertThat(waiting.generation()).isEqualTo(4);
            assertThat(waiting.message()).startsWith("Docker engine not reachable at " + address + ": ")
                    .contains("clusters wait");

            // Still alive: a new desired set is taken and reported on too.
            agent.desired(new DesiredClusters(List.of(new DesiredCluster("c2", "bob", null, 1))));
            ClusterObserved second = sink.await("c2", ObservedPhase.PROVISIONING, Duration.ofSeconds(20));
            assertThat(second.message()).startsWith("Docker engine not reachable at " + address);
        }
        assertThat(sink.of("c1")).noneMatch(observed -> observed.phase() == ObservedPhase.FAILED);
    }
}
