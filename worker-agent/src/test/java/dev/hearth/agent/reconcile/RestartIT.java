package dev.hearth.agent.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.agent.Eventually;
import dev.hearth.agent.TestHost;
import dev.hearth.agent.plan.ClusterPlan;
import dev.hearth.agent.plan.ClusterPlanner;
import dev.hearth.agent.provision.CreateVolumes;
import dev.hearth.agent.provision.StartControlPlane;
import dev.hearth.agent.provision.WaitForApiServer;
import dev.hearth.protocol.ClusterConfig;
import dev.hearth.protocol.DesiredCluster;
import dev.hearth.protocol.DesiredClusters;
import dev.hearth.protocol.FeatureGates;
import dev.hearth.protocol.ObservedPhase;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An agent that stops mid-way and a new one that starts from Docker's labels alone (a new reconciler
 * and executor with no memory: what a {@code kill -9} and restart leave).
 */
@Timeout(300)
class RestartIT {

    private static TestHost host;

    @BeforeAll
    static void host() {
        host = new TestHost();
    }

    @AfterAll
    static void removeEverythingOfTheTestHost() {
        host.close();
    }

    @Test
    void aClusterLeftHalfProvisionedConvergesToReadyWithTheSameCa() throws Exception {
        DesiredCluster desired = cluster("resume-" + host.hostId());
        ClusterPlan plan = new ClusterPlanner(host.settings()).plan(desired);
        TestAgent.executor(host).provisionUntil(plan, StartControlPlane.class);
        String caBefore = caOf(readAdminConf(plan));

        var sink = new RecordingSink();
        try (ClusterReconciler restarted = TestAgent.reconciler(host, sink)) {
            restarted.desired(new DesiredClusters(List.of(desired)));
            sink.await(desired.id(), ObservedPhase.READY, Duration.ofMinutes(3));
        }
        String kubeconfig = sink.credentialsOf(desired.id()).orElseThrow().kubeconfig();
        assertThat(caOf(kubeconfig)).as("the cluster CA survives the restart").isEqualTo(caBefore);
        try (var kubernetes = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfig)).build()) {
            assertThat(kubernetes.namespaces().withName("kube-system").get()).isNotNull();
        }
    }

    @Test
    void aReadyClusterIsConfirmedByARestartedAgentWithoutGoingBackToProvisioning() throws Exception {
        DesiredCluster desired = cluster("steady-" + host.hostId());
        var first = new RecordingSink();
        try (ClusterReconciler agent = TestAgent.reconciler(host, first)) {
            agent.desired(new DesiredClusters(List.of(desired)));
            first.await(desired.id(), ObservedPhase.READY, Duration.ofMinutes(3));
        }
        String container = host.client().inspectContainerCmd("hearth-" + desired.id() + "-control-plane").exec().getId();

        var second = new RecordingSink();
        try (ClusterReconciler restarted = TestAgent.reconciler(host, second)) {
            restarted.desired(new DesiredClusters(List.of(desired)));
            var ready = second.await(desired.id(), ObservedPhase.READY, Duration.ofMinutes(1));
            assertThat(ready.apiEndpoint()).as("first agent: %s", first.of(desired.id()))
                    .isEqualTo(first.await(desired.id(), ObservedPhase.READY, Duration.ZERO).apiEndpoint());
        }
        assertThat(second.of(desired.id())).as("reports of the restarted agent").hasSize(1)
                .allSatisfy(observed -> assertThat(observed.phase()).isEqualTo(ObservedPhase.READY));
        assertThat(caOf(second.credentialsOf(desired.id()).orElseThrow().kubeconfig()))
                .isEqualTo(caOf(first.credentialsOf(desired.id()).orElseThrow().kubeconfig()));
        assertThat(host.client().inspectContainerCmd("hearth-" + desired.id() + "-control-plane").exec().getId())
                .as("the same container, not a new one").isEqualTo(container);
    }

    @Test
    void aClusterNoLongerDesiredWhileTheAgentWasDownIsRemovedAndNothingElse() throws Exception {
        DesiredCluster gone = cluster("gone-" + host.hostId());
        TestAgent.executor(host).provisionUntil(new ClusterPlanner(host.settings()).plan(gone), WaitForApiServer.class);
        // The same cluster label under another host's id: another agent's, on the same engine.
        String foreign = "foreign-" + host.hostId();
        host.client().createVolumeCmd().withName(foreign)
                .withLabels(Map.of("dev.hearth.cluster", gone.id(), "dev.hearth.host", "other-" + host.hostId())).exec();
        try {
            var sink = new RecordingSink();
            try (ClusterReconciler restarted = TestAgent.reconciler(host, sink)) {
                restarted.desired(new DesiredClusters(List.of()));
                sink.await(gone.id(), ObservedPhase.DELETED, Duration.ofMinutes(1));
            }
            assertThat(host.objectsOf(gone.id())).isEmpty();
            assertThat(host.client().inspectVolumeCmd(foreign).exec().getName()).isEqualTo(foreign);
        } finally {
            host.client().removeVolumeCmd(foreign).exec();
        }
    }

    @Test
    void beforeTheFirstDesiredSetNothingIsTouched() throws Exception {
        DesiredCluster kept = cluster("kept-" + host.hostId());
        TestAgent.executor(host).provisionUntil(new ClusterPlanner(host.settings()).plan(kept), CreateVolumes.class);
        var sink = new RecordingSink();
        try (ClusterReconciler restarted = TestAgent.reconciler(host, sink)) {
            // Its first pass runs at start: it would have removed the cluster, were it allowed to act
            // without a desired set.
            Eventually.until("the restarted agent's first pass", Duration.ofSeconds(30), () -> restarted.passes() >= 1);
            assertThat(host.objectsOf(kept.id())).as("its network, etcd and PKI volumes").hasSize(3);
            assertThat(sink.of(kept.id())).isEmpty();

            // The same agent once told: the cluster is not desired, and now it goes.
            restarted.desired(new DesiredClusters(List.of()));
            sink.await(kept.id(), ObservedPhase.DELETED, Duration.ofMinutes(1));
        }
        assertThat(host.objectsOf(kept.id())).isEmpty();
    }

    private static DesiredCluster cluster(String id) {
        return new DesiredCluster(id, id, new ClusterConfig(new FeatureGates(false, false), Map.of()), 1);
    }

    private static String readAdminConf(ClusterPlan plan) throws Exception {
        try (InputStream archive = host.client().copyArchiveFromContainerCmd(
                "hearth-" + plan.clusterId() + "-control-plane", "/etc/kubernetes/admin.conf").exec();
                var tar = new TarArchiveInputStream(archive)) {
            tar.getNextEntry();
            return new String(tar.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String caOf(String kubeconfig) {
        return Config.fromKubeconfig(kubeconfig).getCaCertData();
    }
}
