package dev.hearth.agent.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ExposedPort;
import dev.hearth.agent.Eventually;
import dev.hearth.agent.TestHost;
import dev.hearth.agent.plan.ClusterPlanner;
import dev.hearth.agent.provision.Step;
import dev.hearth.protocol.ClusterConfig;
import dev.hearth.protocol.ClusterObserved;
import dev.hearth.protocol.DesiredCluster;
import dev.hearth.protocol.DesiredClusters;
import dev.hearth.protocol.FeatureGates;
import dev.hearth.protocol.ObservedPhase;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A cluster's whole life on the real Docker engine with the real control-plane image: desired → every
 * step reported → READY → the issued kubeconfig works as a user's would → no longer desired → gone,
 * down to the last labelled object, while the host's registry stays.
 */
@Timeout(300)
class ClusterLifecycleIT {

    private static final Duration READY_WITHIN = Duration.ofMinutes(3);
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
    void aDesiredClusterBecomesReadyWorksForItsUserAndLeavesNothingWhenDeleted() throws Exception {
        String id = "life-" + host.hostId();
        var desired = new DesiredCluster(id, "alice", new ClusterConfig(FeatureGates.DEFAULTS,
                Map.of("docker.io", "https://hub.mirror.example")), 7);
        var sink = new RecordingSink();
        try (ClusterReconciler agent = TestAgent.reconciler(host, sink)) {
            Instant requested = Instant.now();
            agent.desired(new DesiredClusters(List.of(desired)));
            ClusterObserved ready = sink.await(id, ObservedPhase.READY, READY_WITHIN);
            printStepTimes(id, sink, requested);

            assertThat(sink.of(id)).filteredOn(observed -> observed.phase() == ObservedPhase.PROVISIONING)
                    .extracting(ClusterObserved::step)
                    .containsExactlyElementsOf(TestAgent.executor(host).steps(new ClusterPlanner(host.settings()).plan(desired))
                            .stream().map(Step::title).toList());
            assertThat(sink.of(id)).allSatisfy(observed -> assertThat(observed.generation()).isEqualTo(7));
            assertThat(ready.message()).isEqualTo("WASI node not available on this host yet");
            assertThat(ready.apiEndpoint()).matches("https://127\\.0\\.0\\.1:\\d+");

            String kubeconfig = sink.credentialsOf(id).orElseThrow().kubeconfig();
            assertThat(kubeconfig).contains("server: \"" + ready.apiEndpoint() + "\"");
            theKubeconfigWorksAndTheClusterIsConfigured(kubeconfig);
            theControllersParticipantsRelyOnRun(kubeconfig);
            theControlPlaneContainerIsAsPlanned(id, ready.apiEndpoint());
            assertThat(registry().getNetworkSettings().getNetworks()).containsKey("hearth-" + id);

            agent.desired(new DesiredClusters(List.of()));
            sink.await(id, ObservedPhase.DELETED, Duration.ofMinutes(1));
        }
        assertThat(host.objectsOf(id)).as("containers, networks and volumes labelled for the cluster").isEmpty();
        InspectContainerResponse registry = registry();
        assertThat(registry.getState().getRunning()).as("the host's registry survives its clusters").isTrue();
        assertThat(registry.getNetworkSettings().getNetworks()).doesNotContainKey("hearth-" + id);
    }

    private static void theKubeconfigWorksAndTheClusterIsConfigured(String kubeconfig) {
        try (KubernetesClient kubernetes = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfig)).build()) {
            assertThat(kubernetes.namespaces().list().getItems()).extracting(Namespace::getMetadata)
                    .extracting(meta -> meta.getName()).contains("default", "kube-system", "kube-public");

            String hosting = kubernetes.configMaps().inNamespace("kube-public").withName("local-registry-hosting").get()
                    .getData().get("localRegistryHosting.v1");
            Map<String, Object> expected = new LinkedHashMap<>();
            expected.put("host", "localhost:" + host.registryPort());
            expected.put("hostFromContainerRuntime", "hearth-registry:5000");
            expected.put("hostFromClusterNetwork", "hearth-registry:5000");
            expected.put("help", "https://github.com/kubernetes/enhancements/tree/master/keps/sig-cluster-lifecycle/generic/"
                    + "1755-communicating-a-local-registry");
            assertThat(new KubernetesSerialization().unmarshal(hosting, Map.class)).isEqualTo(expected);

            assertThat(kubernetes.configMaps().inNamespace("kube-system").withName("hearth-node-config").get().getData())
                    .containsExactlyInAnyOrderEntriesOf(Map.of(
                            "registryMirrors", "docker.io=https://hub.mirror.example",
                            "insecureRegistries", "hearth-registry:5000"));

            var tokens = kubernetes.secrets().inNamespace("kube-system").list().getItems().stream()
                    .filter(secret -> "bootstrap.kubernetes.io/token".equals(secret.getType())).toList();
            assertThat(tokens).hasSize(1);
            assertThat(tokens.getFirst().getMetadata().getName()).matches("bootstrap-token-[a-z0-9]{6}");
            assertThat(decode(tokens.getFirst().getData().get("auth-extra-groups"))).isEqualTo("system:bootstrappers:hearth");
            assertThat(decode(tokens.getFirst().getData().get("usage-bootstrap-authentication"))).isEqualTo("true");

            assertThat(kubernetes.rbac().clusterRoleBindings().withName("hearth:kubelet-bootstrap").get().getRoleRef().getName())
                    .isEqualTo("system:node-bootstrapper");
            assertThat(kubernetes.rbac().clusterRoleBindings().withName("hearth:node-autoapprove-bootstrap").get()
                    .getRoleRef().getName()).isEqualTo("system:certificates.k8s.io:certificatesigningrequests:nodeclient");
            assertThat(kubernetes.rbac().clusterRoleBindings().withName("hearth:node-autoapprove-certificate-rotation").get()
                    .getSubjects().getFirst().getName()).isEqualTo("system:nodes");
        }
    }

    /**
     * The control plane runs with the controllers a sandbox has no use for turned off and no watch
     * cache (node-image/control-plane/hearth-control-plane, docs/BENCHMARKS.md "Idle cost"); what
     * participants do still works: a Deployment makes its ReplicaSet and pods, a Job its pod, a
     * Service its EndpointSlice, deleting the Deployment collects its ReplicaSet, and a namespace
     * deletion finishes. (Pods stay Pending here: this host has no WASI node; WasiNodeIT runs them.)
     */
    private static void theControllersParticipantsRelyOnRun(String kubeconfig) {
        Duration within = Duration.ofSeconds(60);
        String ns = "controllers";
        try (KubernetesClient kubernetes = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfig)).build()) {
            kubernetes.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
                    .create();
            kubernetes.apps().deployments().inNamespace(ns).resource(new DeploymentBuilder()
                    .withNewMetadata().withName("web").endMetadata()
                    .withNewSpec().withReplicas(2).withNewSelector().addToMatchLabels("app", "web").endSelector()
                    .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata()
                    .withNewSpec().addNewContainer().withName("web").withImage("hearth-registry:5000/web:1").endContainer()
                    .endSpec().endTemplate().endSpec().build()).create();
            kubernetes.services().inNamespace(ns).resource(new ServiceBuilder().withNewMetadata().withName("web").endMetadata()
                    .withNewSpec().addToSelector("app", "web").addNewPort().withPort(80).endPort().endSpec().build()).create();
            kubernetes.batch().v1().jobs().inNamespace(ns).resource(new JobBuilder().withNewMetadata().withName("once").endMetadata()
                    .withNewSpec().withNewTemplate().withNewSpec().withRestartPolicy("Never").addNewContainer().withName("once")
                    .withImage("hearth-registry:5000/once:1").endContainer().endSpec().endTemplate().endSpec().build()).create();

            Eventually.until("the Deployment's ReplicaSet to create 2 pods", within,
                    () -> kubernetes.pods().inNamespace(ns).withLabel("app", "web").list().getItems().size() == 2);
            Eventually.until("the Job to create its pod", within,
                    () -> !kubernetes.pods().inNamespace(ns).withLabel("job-name", "once").list().getItems().isEmpty());
            Eventually.until("the Service's EndpointSlice", within,
                    () -> !kubernetes.discovery().v1().endpointSlices().inNamespace(ns)
                            .withLabel("kubernetes.io/service-name", "web").list().getItems().isEmpty());

            kubernetes.apps().deployments().inNamespace(ns).withName("web").delete();
            Eventually.until("the garbage collector to remove the Deployment's ReplicaSet", within,
                    () -> kubernetes.apps().replicaSets().inNamespace(ns).list().getItems().isEmpty());
            kubernetes.namespaces().withName(ns).delete();
            Eventually.until("the namespace deletion to finish", within,
                    () -> kubernetes.namespaces().withName(ns).get() == null);
        }
    }

    private static void theControlPlaneContainerIsAsPlanned(String id, String endpoint) {
        InspectContainerResponse controlPlane = host.client().inspectContainerCmd("hearth-" + id + "-control-plane").exec();
        assertThat(controlPlane.getConfig().getLabels()).containsEntry("dev.hearth.cluster", id)
                .containsEntry("dev.hearth.host", host.hostId()).containsEntry("dev.hearth.role", "control-plane");
        assertThat(controlPlane.getHostConfig().getMemory()).isEqualTo(768L << 20);
        assertThat(controlPlane.getHostConfig().getNanoCPUs()).isEqualTo(1_000_000_000L);
        var binding = controlPlane.getHostConfig().getPortBindings().getBindings().get(ExposedPort.tcp(6443))[0];
        assertThat(binding.getHostIp()).isEqualTo("127.0.0.1");
        assertThat(endpoint).endsWith(":" + binding.getHostPortSpec());
    }

    private static InspectContainerResponse registry() {
        return host.client().inspectContainerCmd(host.settings().registry().name()).exec();
    }

    private static void printStepTimes(String id, RecordingSink sink, Instant start) {
        var timed = sink.timed(id);
        StringBuilder table = new StringBuilder("request -> READY for cluster " + id + ":\n");
        for (int i = 0; i < timed.size(); i++) {
            var next = i + 1 < timed.size() ? timed.get(i + 1).at() : timed.get(i).at();
            var observed = timed.get(i).observation();
            table.append(String.format("  %6d ms  %-12s %-45s (%d ms)%n", Duration.between(start, timed.get(i).at()).toMillis(),
                    observed.phase(), observed.step() == null ? "" : observed.step(),
                    Duration.between(timed.get(i).at(), next).toMillis()));
        }
        System.out.print(table);
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.US_ASCII);
    }
}
