package dev.hearth.agent.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.agent.TestHost;
import dev.hearth.protocol.ClusterConfig;
import dev.hearth.protocol.ClusterObserved;
import dev.hearth.protocol.DesiredCluster;
import dev.hearth.protocol.DesiredClusters;
import dev.hearth.protocol.FeatureGates;
import dev.hearth.protocol.ObservedPhase;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Level-triggered means Docker is looked at again on every resync, not only when the desired set
 * changes: a READY cluster whose control plane stopped is started again, on the same port, so the
 * kubeconfig its user already has keeps working.
 */
@Timeout(240)
class SelfHealingIT {

    @Test
    void aStoppedControlPlaneIsStartedAgainAndTheIssuedKubeconfigStillWorks() throws Exception {
        try (TestHost host = new TestHost(Map.of("hearth.agent.reconcile.resync", "1s"))) {
            var desired = new DesiredCluster("heal-" + host.hostId(), "heal",
                    new ClusterConfig(new FeatureGates(false, false), Map.of()), 1);
            var sink = new RecordingSink();
            try (ClusterReconciler agent = TestAgent.reconciler(host, sink)) {
                agent.desired(new DesiredClusters(List.of(desired)));
                ClusterObserved ready = sink.await(desired.id(), ObservedPhase.READY, Duration.ofMinutes(3));
                String kubeconfig = sink.credentialsOf(desired.id()).orElseThrow().kubeconfig();
                int before = sink.of(desired.id()).size();

                host.client().stopContainerCmd("hearth-" + desired.id() + "-control-plane").withTimeout(1).exec();

                ClusterObserved readyAgain = sink.awaitMatching(desired.id(), "READY after the restart", observed ->
                        observed.phase() == ObservedPhase.READY && sink.of(desired.id()).lastIndexOf(observed) >= before,
                        Duration.ofMinutes(2));
                assertThat(sink.of(desired.id()).subList(before, sink.of(desired.id()).size()))
                        .as("the restart is visible as provisioning steps").anyMatch(observed ->
                                observed.phase() == ObservedPhase.PROVISIONING && "Starting API server".equals(observed.step()));
                assertThat(readyAgain.apiEndpoint()).isEqualTo(ready.apiEndpoint());
                try (var kubernetes = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfig)).build()) {
                    assertThat(kubernetes.namespaces().withName("default").get()).isNotNull();
                }
            }
        }
    }
}
