package dev.hearth.wasmnode.pod;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.wasmnode.TestImages;
import dev.hearth.wasmnode.TestNodes;
import dev.hearth.wasmnode.WasmNode;
import dev.hearth.wasmnode.cluster.TestCluster;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pods with real WASI modules on a WASI node joined to a real control plane, observed the way a user
 * does: pod status through the API and {@code kubectl get}, logs through {@code kubectl logs} (which
 * the API server fetches from the node's kubelet API).
 */
@Timeout(300)
class PodIT {

    private static final Duration SHORT = Duration.ofSeconds(60);

    private static TestCluster cluster;
    private static KubernetesClient admin;
    private static String nodeName;
    private static WasmNode node;
    @TempDir
    static Path state;

    @BeforeAll
    static void startNode() {
        cluster = TestCluster.shared();
        admin = cluster.admin();
        nodeName = "pod-it-" + UUID.randomUUID().toString().substring(0, 6) + "-wasi";
        node = TestNodes.start(TestNodes.settings(nodeName, state));
    }

    @AfterAll
    static void stopNode() {
        if (node != null) {
            node.close();
        }
        admin.nodes().withName(nodeName).delete();
    }

    @Test
    void helloWorldExitsZeroAndKubectlShowsExitCodeAndBothStreams() {
        String ns = cluster.namespace("hello");
        create(pod(ns, "hello", "probe", List.of(), "Never", null));

        Pod done = awaitPhase(ns, "hello", "Succeeded");

        assertThat(container(done).getState().getTerminated().getExitCode()).isZero();
        assertThat(container(done).getState().getTerminated().getReason()).isNull();
        assertThat(container(done).getImageID()).startsWith("sha256:");
        assertThat(cluster.kubectl(SHORT, "get", "pod", "hello", "-n", ns)).contains("ExitCode:0");
        assertThat(cluster.kubectl(SHORT, "logs", "hello", "-n", ns)).isEqualTo("Hello, world!\nHello, stderr!\n");
        assertThat(cluster.kubectl(SHORT, "logs", "hello", "-n", ns, "--timestamps").lines())
                .hasSize(2)
                .allSatisfy(line -> assertThat(Instant.parse(line.substring(0, line.indexOf(' '))))
                        .isBetween(Instant.now().minusSeconds(120), Instant.now()));
    }

    @Test
    void stdoutAndStderrKeepTheOrderTheModuleWroteThem() {
        String ns = cluster.namespace("order");
        create(pod(ns, "order", "probe", List.of("interleave"), "Never", null));
        awaitPhase(ns, "order", "Succeeded");

        assertThat(cluster.kubectl(SHORT, "logs", "order", "-n", ns))
                .isEqualTo("out 0\nerr 0\nout 1\nerr 1\nout 2\nerr 2\n");
        assertThat(cluster.kubectl(SHORT, "logs", "order", "-n", ns, "--tail=2")).isEqualTo("out 2\nerr 2\n");
        assertThat(cluster.kubectl(SHORT, "logs", "order", "-n", ns, "--limit-bytes=8")).isEqualTo("out 0\ner");
    }

    @Test
    void aNonZeroExitShowsItsExitCodeAndNeverDoesNotRestart() {
        String ns = cluster.namespace("exit");
        create(pod(ns, "exit3", "probe", List.of("exit", "3"), "Never", null));

        Pod failed = awaitPhase(ns, "exit3", "Failed");

        assertThat(container(failed).getState().getTerminated().getExitCode()).isEqualTo(3);
        assertThat(container(failed).getRestartCount()).isZero();
        assertThat(cluster.kubectl(SHORT, "get", "pod", "exit3", "-n", ns)).contains("ExitCode:3");
    }

    @Test
    void onFailureRestartsAFailingModuleWithGrowingBackoff() {
        String ns = cluster.namespace("restart");
        create(pod(ns, "crashy", "probe", List.of("exit", "3"), "OnFailure", null));

        Instant first = awaitRestarts(ns, "crashy", 1);
        Instant second = awaitRestarts(ns, "crashy", 2);
        Instant third = awaitRestarts(ns, "crashy", 3);

        // Back-off 1 s, 2 s, 4 s (the test node's policy): each wait at least as long as the one before.
        assertThat(Duration.between(first, second)).isGreaterThanOrEqualTo(Duration.ofMillis(1800));
        assertThat(Duration.between(second, third)).isGreaterThanOrEqualTo(Duration.ofMillis(3600));
        Pod pod = admin.pods().inNamespace(ns).withName("crashy").get();
        assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
        assertThat(container(pod).getLastState().getTerminated().getExitCode()).isEqualTo(3);
        assertThat(cluster.kubectl(SHORT, "logs", "crashy", "-n", ns, "--previous")).isEqualTo("exiting with 3\n");
    }

    @Test
    void anEndlessLoopIsStoppedByActiveDeadlineSeconds() {
        String ns = cluster.namespace("deadline");
        create(pod(ns, "spin", "probe", List.of("spin"), "Never", 3L));

        Pod stopped = awaitPhase(ns, "spin", "Failed");

        assertThat(stopped.getStatus().getReason()).isEqualTo("DeadlineExceeded");
        assertThat(container(stopped).getState().getTerminated().getReason()).isEqualTo("DeadlineExceeded");
        assertThat(cluster.kubectl(SHORT, "logs", "spin", "-n", ns)).isEqualTo("spinning\n");
    }

    @Test
    void daemonSetPodsAreRefusedWithAClearStatus() {
        String ns = cluster.namespace("daemonset");
        DaemonSet daemonSet = admin.apps().daemonSets().inNamespace(ns).resource(new DaemonSetBuilder()
                .withNewMetadata().withName("kube-proxy").endMetadata()
                .withNewSpec()
                    .withNewSelector().addToMatchLabels("app", "kube-proxy").endSelector()
                    .withNewTemplate().withNewMetadata().addToLabels("app", "kube-proxy").endMetadata()
                        .withNewSpec().addNewContainer().withName("kube-proxy").withImage("registry.k8s.io/kube-proxy")
                        .endContainer().endSpec()
                    .endTemplate()
                .endSpec()
                .build()).create();
        Pod pod = new PodBuilder(pod(ns, "kube-proxy-x", "probe", List.of(), "Always", null))
                .editMetadata().addNewOwnerReference().withApiVersion("apps/v1").withKind("DaemonSet")
                    .withName("kube-proxy").withUid(daemonSet.getMetadata().getUid()).withController(true).endOwnerReference()
                .endMetadata()
                .build();
        create(pod);

        Pod refused = awaitPhase(ns, "kube-proxy-x", "Failed");

        assertThat(refused.getStatus().getReason()).isEqualTo("UnsupportedDaemonSet");
        assertThat(refused.getStatus().getMessage()).contains("DaemonSet pods do not run on WASI nodes");
        assertThat(cluster.kubectl(SHORT, "get", "pod", "kube-proxy-x", "-n", ns)).contains("UnsupportedDaemonSet");
    }

    @Test
    void kubectlLogsFollowsARunningModuleAndDeletingThePodStopsItAndRemovesThePod() throws Exception {
        String ns = cluster.namespace("follow");
        create(pod(ns, "runner", "probe", List.of("spin"), "Always", null));
        awaitPhase(ns, "runner", "Running");
        Process follow = cluster.kubectlProcess("logs", "-f", "runner", "-n", ns);
        try (var out = new BufferedReader(new InputStreamReader(follow.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).isEqualTo("spinning");

            admin.pods().inNamespace(ns).withName("runner").delete();

            TestCluster.waitFor(Duration.ofSeconds(30), "pod runner to be gone",
                    () -> admin.pods().inNamespace(ns).withName("runner").get() == null);
            assertThat(follow.waitFor(30, TimeUnit.SECONDS)).as("kubectl logs -f ends with the module's run").isTrue();
        } finally {
            follow.destroyForcibly();
        }
    }

    @Test
    void aLogFloodLeavesBoundedFiles() throws IOException {
        String ns = cluster.namespace("flood");
        create(pod(ns, "flood", "flood", List.of("100"), "Never", null));

        awaitPhase(ns, "flood", "Succeeded", Duration.ofMinutes(4));

        long onDisk;
        try (Stream<Path> files = Files.walk(state.resolve("logs"))) {
            onDisk = files.filter(file -> file.toString().contains(ns + "_flood_")).filter(Files::isRegularFile)
                    .mapToLong(file -> file.toFile().length()).sum();
        }
        assertThat(onDisk).as("100 MB written, at most 2 files of 1 MiB kept")
                .isGreaterThan(TestNodes.LOG_LIMITS.maxFileBytes())
                .isLessThanOrEqualTo(TestNodes.LOG_LIMITS.maxFileBytes() * TestNodes.LOG_LIMITS.maxFiles());
        assertThat(cluster.kubectl(SHORT, "logs", "flood", "-n", ns, "--tail=1")).isEqualTo("flood done\n");
    }

    @Test
    void aMissingImageBacksOffWithTheRegistrysError() {
        String ns = cluster.namespace("missing");
        create(pod(ns, "missing", "no-such-module", List.of(), "Always", null));

        TestCluster.waitFor(SHORT, "the pod to show ImagePullBackOff", () -> {
            Pod pod = admin.pods().inNamespace(ns).withName("missing").get();
            return pod.getStatus().getContainerStatuses() != null && !pod.getStatus().getContainerStatuses().isEmpty()
                    && container(pod).getState().getWaiting() != null
                    && "ImagePullBackOff".equals(container(pod).getState().getWaiting().getReason());
        });
        Pod pod = admin.pods().inNamespace(ns).withName("missing").get();
        assertThat(pod.getStatus().getPhase()).isEqualTo("Pending");
        assertThat(container(pod).getState().getWaiting().getMessage()).contains("manifest unknown");
        assertThat(cluster.kubectl(SHORT, "get", "pod", "missing", "-n", ns)).contains("ImagePullBackOff");
    }

    @Test
    void aMalformedModuleFailsThePodWithAReadableStatus() {
        String ns = cluster.namespace("malformed");
        create(pod(ns, "bad", "not-wasm", List.of(), "Always", null));

        Pod failed = awaitPhase(ns, "bad", "Failed");

        assertThat(failed.getStatus().getReason()).isEqualTo("InvalidModule");
        assertThat(failed.getStatus().getMessage()).contains("not a runnable WASI module").contains("not a valid WebAssembly module");
    }

    @Test
    void nodeShutdownStopsModulesReportsPodsAndKeepsTheNode(@TempDir Path otherState) {
        String other = "shutdown-" + UUID.randomUUID().toString().substring(0, 6) + "-wasi";
        WasmNode stopping = TestNodes.start(TestNodes.settings(other, otherState));
        try {
            String ns = cluster.namespace("shutdown");
            create(new PodBuilder(pod(ns, "long", "probe", List.of("spin"), "Always", null))
                    .editSpec().withNodeName(other).endSpec().build());
            awaitPhase(ns, "long", "Running");

            stopping.close();

            Pod reported = admin.pods().inNamespace(ns).withName("long").get();
            assertThat(reported.getStatus().getPhase()).isEqualTo("Failed");
            assertThat(reported.getStatus().getReason()).isEqualTo("NodeShutdown");
            assertThat(container(reported).getState().getTerminated().getExitCode()).isEqualTo(137);
            assertThat(admin.nodes().withName(other).get()).isNotNull();
        } finally {
            stopping.close();
            admin.nodes().withName(other).delete();
        }
    }

    private static Pod pod(String ns, String name, String module, List<String> args, String restartPolicy, Long deadline) {
        return new PodBuilder()
                .withNewMetadata().withName(name).withNamespace(ns).endMetadata()
                .withNewSpec()
                    .withNodeName(nodeName)
                    .withRestartPolicy(restartPolicy)
                    .withActiveDeadlineSeconds(deadline)
                    .addNewContainer().withName("main").withImage(TestImages.REGISTRY + module + ":latest").withArgs(args)
                    .endContainer()
                    .addNewToleration().withKey("kubernetes.io/arch").withOperator("Equal").withValue("wasm32-wasi")
                        .withEffect("NoSchedule").endToleration()
                    .addNewToleration().withKey("kubernetes.io/arch").withOperator("Equal").withValue("wasm32-wasi")
                        .withEffect("NoExecute").endToleration()
                .endSpec()
                .build();
    }

    private static void create(Pod pod) {
        admin.pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod).create();
    }

    private static Pod awaitPhase(String ns, String name, String phase) {
        return awaitPhase(ns, name, phase, SHORT);
    }

    private static Pod awaitPhase(String ns, String name, String phase, Duration timeout) {
        TestCluster.waitFor(timeout, "pod " + ns + "/" + name + " to be " + phase,
                () -> phase.equals(admin.pods().inNamespace(ns).withName(name).get().getStatus().getPhase()));
        return admin.pods().inNamespace(ns).withName(name).get();
    }

    private static Instant awaitRestarts(String ns, String name, int restarts) {
        TestCluster.waitFor(SHORT, "pod " + ns + "/" + name + " to restart " + restarts + " times", () -> {
            Pod pod = admin.pods().inNamespace(ns).withName(name).get();
            return pod.getStatus().getContainerStatuses() != null && !pod.getStatus().getContainerStatuses().isEmpty()
                    && container(pod).getRestartCount() >= restarts;
        });
        return Instant.now();
    }

    private static ContainerStatus container(Pod pod) {
        return pod.getStatus().getContainerStatuses().getFirst();
    }
}
