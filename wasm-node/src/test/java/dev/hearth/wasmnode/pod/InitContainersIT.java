package dev.hearth.wasmnode.pod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hearth.wasmnode.TestImages;
import dev.hearth.wasmnode.TestNodes;
import dev.hearth.wasmnode.WasmNode;
import dev.hearth.wasmnode.cluster.TestCluster;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Init containers on a WASI node with the real sandbox factory (volumes), joined to a real control
 * plane, with the committed probe module — what a user moving from Krustlet sees through the API and
 * kubectl.
 */
@Timeout(300)
class InitContainersIT {

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
        nodeName = "init-it-" + UUID.randomUUID().toString().substring(0, 6) + "-wasi";
        node = TestNodes.startWithVolumes(TestNodes.settings(nodeName, state));
    }

    @AfterAll
    static void stopNode() {
        if (node != null) {
            node.close();
        }
        admin.nodes().withName(nodeName).delete();
    }

    @Test
    void initModulesRunInOrderAndWriteFilesTheAppModuleReads() {
        String ns = cluster.namespace("init");
        create(TestNodes.pod(nodeName, ns, "staged", "Never").editSpec()
                .withInitContainers(
                        probe("fetch", "write", "/work/greeting", "hello from fetch\n"),
                        probe("configure", "write", "/work/config", "configured after fetch\n"))
                .withContainers(probe("main", "cat", "/work/greeting", "/work/config"))
                .endSpec().build());

        Pod done = awaitPhase(ns, "staged", "Succeeded");

        assertThat(cluster.kubectl(SHORT, "logs", "staged", "-n", ns, "-c", "main"))
                .isEqualTo("hello from fetch\nconfigured after fetch\n");
        assertThat(cluster.kubectl(SHORT, "logs", "staged", "-n", ns, "-c", "fetch")).isEqualTo("wrote /work/greeting\n");
        assertThat(cluster.kubectl(SHORT, "logs", "staged", "-n", ns, "-c", "configure")).isEqualTo("wrote /work/config\n");
        List<ContainerStatus> init = done.getStatus().getInitContainerStatuses();
        assertThat(init).extracting(ContainerStatus::getName).containsExactly("fetch", "configure");
        assertThat(init).allSatisfy(status -> {
            assertThat(status.getState().getTerminated().getExitCode()).isZero();
            assertThat(status.getReady()).isTrue();
            assertThat(status.getImageID()).startsWith("sha256:");
        });
        Instant fetchEnd = Instant.parse(init.get(0).getState().getTerminated().getFinishedAt());
        Instant configureStart = Instant.parse(init.get(1).getState().getTerminated().getStartedAt());
        Instant configureEnd = Instant.parse(init.get(1).getState().getTerminated().getFinishedAt());
        Instant mainStart = Instant.parse(main(done).getState().getTerminated().getStartedAt());
        assertThat(configureStart).as("each init container starts after the one before ended").isAfterOrEqualTo(fetchEnd);
        assertThat(mainStart).as("the app container starts after the last init container").isAfterOrEqualTo(configureEnd);
        assertThat(condition(done, "Initialized").getStatus()).isEqualTo("True");
    }

    @Test
    void aFailingInitContainerFailsThePodUnderNeverAndNothingAfterItRuns() {
        String ns = cluster.namespace("init-fail");
        create(TestNodes.pod(nodeName, ns, "broken", "Never").editSpec()
                .withInitContainers(probe("migrate", "exit", "3"), probe("seed"))
                .withContainers(probe("main"))
                .endSpec().build());

        Pod failed = awaitPhase(ns, "broken", "Failed");

        assertThat(failed.getStatus().getReason()).isEqualTo("InitContainerFailed");
        assertThat(failed.getStatus().getMessage()).startsWith("init container migrate exited with code 3")
                .contains("the containers after it did not run");
        List<ContainerStatus> init = failed.getStatus().getInitContainerStatuses();
        assertThat(init.get(0).getState().getTerminated().getExitCode()).isEqualTo(3);
        assertThat(init.get(1).getState().getWaiting().getReason()).isEqualTo("PodInitializing");
        assertThat(main(failed).getState().getWaiting().getReason()).isEqualTo("PodInitializing");
        assertThat(condition(failed, "Initialized").getStatus()).isEqualTo("False");
        assertThat(cluster.kubectl(SHORT, "get", "pod", "broken", "-n", ns)).contains("Init:ExitCode:3");
        assertThat(cluster.kubectl(SHORT, "logs", "broken", "-n", ns, "-c", "migrate")).isEqualTo("exiting with 3\n");
        // The node has no run of either to show (the API server turns its 404 into a generic NotFound).
        assertThatThrownBy(() -> cluster.kubectl(SHORT, "logs", "broken", "-n", ns, "-c", "seed"))
                .as("the init container after the failed one never ran").hasMessageContaining("(NotFound)");
        assertThatThrownBy(() -> cluster.kubectl(SHORT, "logs", "broken", "-n", ns, "-c", "main"))
                .as("the app container never ran").hasMessageContaining("(NotFound)");
        Path podLogs = state.resolve("logs").resolve(ns + "_broken_" + failed.getMetadata().getUid());
        assertThat(podLogs.resolve("migrate")).isDirectory();
        assertThat(podLogs.resolve("seed")).doesNotExist();
        assertThat(podLogs.resolve("main")).doesNotExist();
    }

    @Test
    void aFailingInitContainerIsStartedAgainWithGrowingBackoffUnderOnFailure() {
        String ns = cluster.namespace("init-retry");
        create(TestNodes.pod(nodeName, ns, "retried", "OnFailure").editSpec()
                .withInitContainers(probe("wait-for-db", "exit", "1"))
                .withContainers(probe("main"))
                .endSpec().build());

        Instant first = awaitInitRestarts(ns, "retried", 1);
        Instant second = awaitInitRestarts(ns, "retried", 2);
        Instant third = awaitInitRestarts(ns, "retried", 3);

        // Back-off 1 s, 2 s, 4 s (the test node's policy).
        assertThat(Duration.between(first, second)).isGreaterThanOrEqualTo(Duration.ofMillis(1800));
        assertThat(Duration.between(second, third)).isGreaterThanOrEqualTo(Duration.ofMillis(3600));
        Pod pod = admin.pods().inNamespace(ns).withName("retried").get();
        assertThat(pod.getStatus().getPhase()).as("a pod still initializing is Pending").isEqualTo("Pending");
        ContainerStatus init = pod.getStatus().getInitContainerStatuses().getFirst();
        assertThat(init.getLastState().getTerminated().getExitCode()).isEqualTo(1);
        assertThat(main(pod).getRestartCount()).isZero();
        assertThat(main(pod).getState().getWaiting().getReason()).isEqualTo("PodInitializing");
        assertThat(cluster.kubectl(SHORT, "logs", "retried", "-n", ns, "-c", "wait-for-db", "--previous"))
                .isEqualTo("exiting with 1\n");
    }

    @Test
    void aSidecarInitContainerIsRefusedWithAClearReason() {
        String ns = cluster.namespace("sidecar");
        Container sidecar = new ContainerBuilder(probe("log-shipper", "spin")).withRestartPolicy("Always").build();
        create(TestNodes.pod(nodeName, ns, "with-sidecar", "Always").editSpec()
                .withInitContainers(sidecar).withContainers(probe("main")).endSpec().build());

        Pod refused = awaitPhase(ns, "with-sidecar", "Failed");

        assertThat(refused.getStatus().getReason()).isEqualTo("UnsupportedSidecarContainers");
        assertThat(refused.getStatus().getMessage())
                .startsWith("init container log-shipper has restartPolicy: Always (a sidecar container)");
    }

    private static Container probe(String name, String... args) {
        return new ContainerBuilder().withName(name).withImage(TestImages.REGISTRY + "probe:latest").withArgs(args)
                .addNewVolumeMount().withName("work").withMountPath("/work").endVolumeMount()
                .build();
    }

    private static void create(Pod pod) {
        // Every probe mounts the pod's scratch volume; pods that do not declare it get an empty one.
        List<Volume> volumes = new ArrayList<>(pod.getSpec().getVolumes() == null ? List.of() : pod.getSpec().getVolumes());
        if (volumes.stream().noneMatch(volume -> volume.getName().equals("work"))) {
            volumes.add(new VolumeBuilder().withName("work").withNewEmptyDir().endEmptyDir().build());
        }
        pod.getSpec().setVolumes(volumes);
        admin.pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod).create();
    }

    private static Pod awaitPhase(String ns, String name, String phase) {
        TestCluster.waitFor(SHORT, "pod " + ns + "/" + name + " to be " + phase,
                () -> phase.equals(admin.pods().inNamespace(ns).withName(name).get().getStatus().getPhase()));
        return admin.pods().inNamespace(ns).withName(name).get();
    }

    private static Instant awaitInitRestarts(String ns, String name, int restarts) {
        TestCluster.waitFor(SHORT, "init container of " + ns + "/" + name + " to restart " + restarts + " times", () -> {
            Pod pod = admin.pods().inNamespace(ns).withName(name).get();
            List<ContainerStatus> init = pod.getStatus().getInitContainerStatuses();
            return init != null && !init.isEmpty() && init.getFirst().getRestartCount() >= restarts;
        });
        return Instant.now();
    }

    private static ContainerStatus main(Pod pod) {
        return pod.getStatus().getContainerStatuses().stream().filter(status -> status.getName().equals("main"))
                .findFirst().orElseThrow();
    }

    private static PodCondition condition(Pod pod, String type) {
        return pod.getStatus().getConditions().stream().filter(condition -> condition.getType().equals(type))
                .findFirst().orElseThrow();
    }
}
