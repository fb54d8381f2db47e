package dev.hearth.wasmnode.pod;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.wasmnode.TestNodes;
import dev.hearth.wasmnode.TestPods;
import dev.hearth.wasmnode.WasmNode;
import dev.hearth.wasmnode.cluster.TestCluster;
import dev.hearth.wasmnode.volume.VolumeLimits;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pods bound straight to the node with {@code spec.nodeName} skip the scheduler (the test cluster has
 * none at all), so the node admits them itself, as a kubelet does (issue 10, M6): past its {@code pods}
 * capacity, or past its cap on modules running at once (one platform thread each), a pod ends Failed
 * with the kubelet's {@code OutOf<resource>} reason and runs nothing; those already running go on.
 */
@Timeout(300)
class PodCapacityIT {

    private static final int MAX_PODS = 3;
    private static final int MAX_MODULES = 4;

    private TestCluster cluster;
    private KubernetesClient admin;
    private String nodeName;
    private WasmNode node;
    private TestPods pods;

    @BeforeEach
    void startNode(@TempDir Path root) {
        cluster = TestCluster.shared();
        admin = cluster.admin();
        nodeName = "capacity-it-" + UUID.randomUUID().toString().substring(0, 6) + "-wasi";
        node = TestNodes.startWithVolumes(TestNodes.settings(nodeName, root.resolve("state"), root.resolve("pods"), MAX_PODS,
                MAX_MODULES, VolumeLimits.DEFAULT));
        pods = new TestPods(admin, nodeName);
    }

    @AfterEach
    void stopNode() {
        if (node != null) {
            node.close();
        }
        admin.nodes().withName(nodeName).delete();
    }

    @Test
    void theNodeAdvertisesItsPodCapacity() {
        TestCluster.waitFor(TestPods.SHORT, "the node to be registered", () -> admin.nodes().withName(nodeName).get() != null);

        assertThat(admin.nodes().withName(nodeName).get().getStatus().getCapacity().get("pods"))
                .isEqualTo(new Quantity(Integer.toString(MAX_PODS)));
    }

    @Test
    void manyNodeNamePodsAtOnceRunOnlyUpToThePodCapacityAndTheRestFailOutOfpods() {
        String ns = cluster.namespace("many");
        List<String> names = IntStream.range(0, 8).mapToObj(i -> "spin-" + i).toList();
        names.forEach(name -> pods.create(spinning(ns, name).build()));

        Map<String, Pod> settled = names.stream().collect(Collectors.toMap(name -> name,
                name -> pods.awaitPhase(ns, name, "Running", "Failed")));

        List<Pod> running = settled.values().stream().filter(pod -> pod.getStatus().getPhase().equals("Running")).toList();
        List<Pod> refused = settled.values().stream().filter(pod -> pod.getStatus().getPhase().equals("Failed")).toList();
        assertThat(running).as(settled.values().stream().map(TestPods::describe).toList().toString()).hasSize(MAX_PODS);
        assertThat(refused).hasSize(names.size() - MAX_PODS).allSatisfy(pod -> {
            assertThat(pod.getStatus().getReason()).isEqualTo("OutOfpods");
            assertThat(pod.getStatus().getMessage())
                    .isEqualTo("Node didn't have enough resource: pods, requested: 1, used: 3, capacity: 3");
        });
        String refusedName = refused.getFirst().getMetadata().getName();
        assertThat(cluster.kubectl(TestPods.SHORT, "get", "pod", refusedName, "-n", ns)).contains("OutOfpods");
        assertThat(cluster.kubectl(TestPods.SHORT, "logs", running.getFirst().getMetadata().getName(), "-n", ns))
                .isEqualTo("spinning\n");

        // A place freed by a deleted pod is taken by the next pod.
        admin.pods().inNamespace(ns).withName(running.getFirst().getMetadata().getName()).delete();
        TestCluster.waitFor(TestPods.SHORT, "the deleted pod to be gone",
                () -> pods.get(ns, running.getFirst().getMetadata().getName()) == null);
        pods.create(spinning(ns, "late").build());
        assertThat(pods.awaitPhase(ns, "late", "Running", "Failed").getStatus().getPhase()).isEqualTo("Running");
    }

    @Test
    void aPodWhoseContainersWouldPassTheModuleCapIsRefusedOutOfmodules() {
        String ns = cluster.namespace("modules");
        pods.create(spinning(ns, "two").editSpec().addNewContainer().withName("second")
                .withImage("test.hearth.dev/hostile:latest").withArgs("spin").endContainer().endSpec().build());
        Pod two = pods.awaitPhase(ns, "two", "Running", "Failed");
        assertThat(two.getStatus().getPhase()).as(TestPods.describe(two)).isEqualTo("Running");

        pods.create(spinning(ns, "three").editSpec()
                .addNewContainer().withName("second").withImage("test.hearth.dev/hostile:latest").withArgs("spin").endContainer()
                .addNewContainer().withName("third").withImage("test.hearth.dev/hostile:latest").withArgs("spin").endContainer()
                .endSpec().build());
        Pod refused = pods.awaitPhase(ns, "three", "Running", "Failed");

        assertThat(refused.getStatus().getPhase()).isEqualTo("Failed");
        assertThat(refused.getStatus().getReason()).isEqualTo("OutOfmodules");
        assertThat(refused.getStatus().getMessage()).isEqualTo("Node didn't have enough resource: modules (one per container),"
                + " requested: 3, used: 2, capacity: 4");
        pods.create(spinning(ns, "one").build());
        assertThat(pods.awaitPhase(ns, "one", "Running", "Failed").getStatus().getPhase()).isEqualTo("Running");
    }

    private io.fabric8.kubernetes.api.model.PodBuilder spinning(String ns, String name) {
        return pods.pod(ns, name, "hostile", List.of("spin"));
    }
}
