package dev.hearth.agent.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.Capability;
import dev.hearth.agent.ContainerHardening;
import dev.hearth.agent.NodeImages;
import dev.hearth.agent.TestHost;
import dev.hearth.protocol.ClusterConfig;
import dev.hearth.protocol.ClusterObserved;
import dev.hearth.protocol.DesiredCluster;
import dev.hearth.protocol.DesiredClusters;
import dev.hearth.protocol.FeatureGates;
import dev.hearth.protocol.ObservedPhase;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A cluster with its WASI node, end to end on the real Docker engine: the agent starts the node image,
 * the node joins with the bootstrap token, the agent approves its serving certificate, and READY means
 * the Node is Ready with Krustlet's labels and taints; then a wasm module pushed to the host's registry
 * runs as a pod to {@code ExitCode:0}, and its logs come through the API server.
 */
@Timeout(420)
class WasiNodeIT {

    private static final Duration READY_WITHIN = Duration.ofMinutes(4);
    private static TestHost host;

    @BeforeAll
    static void host() {
        host = new TestHost(Map.of("hearth.agent.images.wasi-node", NodeImages.wasiNode()));
    }

    @AfterAll
    static void removeEverythingOfTheTestHost() {
        host.close();
    }

    @Test
    void theWasiNodeIsReadyAsKrustletsWasAndRunsAModuleFromTheHostRegistry() throws Exception {
        String id = "wasi-" + host.hostId();
        // Owned by namespace e2e: the module below lives there, so the node pulls its owner's module through
        // the registry's read-side filter, as the guided demo's run does (docs/security.md).
        var desired = new DesiredCluster(id, "demo", new ClusterConfig(FeatureGates.DEFAULTS, Map.of()), 1, "e2e");
        var sink = new RecordingSink();
        try (ClusterReconciler agent = TestAgent.reconciler(host, sink)) {
            agent.desired(new DesiredClusters(List.of(desired)));
            ClusterObserved ready = sink.await(id, ObservedPhase.READY, READY_WITHIN);
            printStepTimes(id, sink);
            assertThat(ready.message()).as("nothing missing").isNullOrEmpty();

            String kubeconfig = sink.credentialsOf(id).orElseThrow().kubeconfig();
            try (KubernetesClient kubernetes = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfig)).build()) {
                theNodeLooksLikeKrustlets(kubernetes.nodes().withName("demo-wasi").get());
                theServingCertificateWasApproved(kubernetes);
                aModuleRunsToExitCodeZeroWithItsLogs(kubernetes);
            }
            everyContainerIsHardened(id);

            agent.desired(new DesiredClusters(List.of()));
            sink.await(id, ObservedPhase.DELETED, Duration.ofMinutes(1));
        }
        assertThat(host.objectsOf(id)).isEmpty();
    }

    /** docs/security.md, "Containers Hearth starts": the cluster above went READY and ran its module so. */
    private static void everyContainerIsHardened(String id) throws InterruptedException {
        var hardening = new ContainerHardening(host);
        String controlPlane = "hearth-" + id + "-control-plane";
        String wasi = "hearth-" + id + "-wasi";
        String registry = host.settings().registry().name();
        hardening.recorded(controlPlane);
        hardening.recorded(wasi);
        hardening.recorded(registry, Capability.CHOWN, Capability.SETUID, Capability.SETGID);
        hardening.enforced(controlPlane, "65532");
        String nodeUser = host.exec(wasi, "id -u").strip();
        hardening.enforced(wasi, nodeUser);
        String registryUser = host.exec(registry, "id -u docker-registry").strip();
        assertThat(registryUser).isNotEqualTo("0").matches("\\d+");
        hardening.enforced(registry, registryUser);
    }

    private static void theNodeLooksLikeKrustlets(Node node) {
        assertThat(node.getStatus().getConditions()).anySatisfy(condition -> {
            assertThat(condition.getType()).isEqualTo("Ready");
            assertThat(condition.getStatus()).isEqualTo("True");
        });
        assertThat(node.getMetadata().getLabels()).containsEntry("kubernetes.io/arch", "wasm32-wasi")
                .containsEntry("beta.kubernetes.io/arch", "wasm32-wasi").containsEntry("kubernetes.io/os", "wasm32-wasi")
                .containsEntry("beta.kubernetes.io/os", "wasm32-wasi").containsEntry("type", "krustlet")
                .containsEntry("kubernetes.io/hostname", "demo-wasi");
        assertThat(node.getSpec().getTaints()).extracting(Taint::getKey, Taint::getValue, Taint::getEffect)
                .contains(org.assertj.core.groups.Tuple.tuple("kubernetes.io/arch", "wasm32-wasi", "NoSchedule"),
                        org.assertj.core.groups.Tuple.tuple("kubernetes.io/arch", "wasm32-wasi", "NoExecute"));
    }

    private static void theServingCertificateWasApproved(KubernetesClient kubernetes) {
        List<CertificateSigningRequest> serving = kubernetes.certificates().v1().certificateSigningRequests().list().getItems()
                .stream().filter(csr -> "kubernetes.io/kubelet-serving".equals(csr.getSpec().getSignerName())).toList();
        assertThat(serving).isNotEmpty().allSatisfy(csr -> {
            assertThat(csr.getSpec().getUsername()).isEqualTo("system:node:demo-wasi");
            assertThat(csr.getStatus().getConditions()).anySatisfy(c -> assertThat(c.getReason()).isEqualTo("HearthAgentApproved"));
        });
    }

    private static void aModuleRunsToExitCodeZeroWithItsLogs(KubernetesClient kubernetes) throws Exception {
        WasmArtifacts.pushWasmToOci(host.registryPort(), "e2e/probe", "v1", WasmArtifacts.probe());
        Pod pod = kubernetes.resource(new io.fabric8.kubernetes.api.model.PodBuilder()
                .withNewMetadata().withName("hello-wasm").withNamespace("default").endMetadata()
                .withNewSpec()
                    .withRestartPolicy("Never")
                    .addNewContainer().withName("hello").withImage("hearth-registry:5000/e2e/probe:v1").endContainer()
                    .addToNodeSelector("kubernetes.io/arch", "wasm32-wasi")
                    .addNewToleration().withKey("kubernetes.io/arch").withValue("wasm32-wasi").withEffect("NoSchedule").endToleration()
                    .addNewToleration().withKey("kubernetes.io/arch").withValue("wasm32-wasi").withEffect("NoExecute").endToleration()
                .endSpec()
                .build()).create();
        Pod done = kubernetes.pods().resource(pod).waitUntilCondition(p -> p.getStatus() != null
                && p.getStatus().getContainerStatuses() != null && !p.getStatus().getContainerStatuses().isEmpty()
                && p.getStatus().getContainerStatuses().getFirst().getState().getTerminated() != null, 2, TimeUnit.MINUTES);
        assertThat(done.getStatus().getContainerStatuses().getFirst().getState().getTerminated().getExitCode()).isZero();
        assertThat(kubernetes.pods().resource(pod).getLog()).contains("Hello, world!").contains("Hello, stderr!");
    }

    private static void printStepTimes(String id, RecordingSink sink) {
        var timed = sink.timed(id);
        StringBuilder table = new StringBuilder("steps of cluster " + id + " with its WASI node:\n");
        for (int i = 0; i + 1 < timed.size(); i++) {
            var observed = timed.get(i).observation();
            table.append(String.format("  %-45s %6d ms%n", observed.step() == null ? observed.phase() : observed.step(),
                    Duration.between(timed.get(i).at(), timed.get(i + 1).at()).toMillis()));
        }
        System.out.print(table);
    }
}
