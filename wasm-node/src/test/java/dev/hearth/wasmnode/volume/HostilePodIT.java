package dev.hearth.wasmnode.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hearth.wasmnode.TestNodes;
import dev.hearth.wasmnode.TestPods;
import dev.hearth.wasmnode.WasmNode;
import dev.hearth.wasmnode.cluster.TestCluster;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attacker's pods on a real WASI node (issue 10, H3 and M6): a participant is cluster-admin of
 * their cluster and runs any module, here {@code hostile.wasm}, trying to reach the node's own files
 * through volumes or to fill its disk. Each test asserts what the user sees (the pod's status, the
 * module's own report in {@code kubectl logs}) and that nothing reached the node's files; the node
 * stays Ready and keeps running other pods.
 */
@Timeout(300)
class HostilePodIT {

    private static final long MIB = 1024 * 1024;
    /** The node's bounds here: 2 MiB for an emptyDir without sizeLimit, 5 MiB for all pods together. */
    private static final VolumeLimits LIMITS = new VolumeLimits(2 * MIB, 5 * MIB);

    private static TestCluster cluster;
    private static KubernetesClient admin;
    private static String nodeName;
    private static WasmNode node;
    private static TestPods pods;
    private static Path state;
    private static Path podsDir;
    @TempDir
    static Path root;

    @BeforeAll
    static void startNode() throws IOException {
        cluster = TestCluster.shared();
        admin = cluster.admin();
        nodeName = "hostile-it-" + UUID.randomUUID().toString().substring(0, 6) + "-wasi";
        state = root.resolve("state");
        podsDir = root.resolve("pods");
        Files.createDirectories(state.resolve("compiled"));
        Files.createDirectories(state.resolve("pki"));
        node = TestNodes.startWithVolumes(TestNodes.settings(nodeName, state, podsDir, 20, 20, LIMITS));
        pods = new TestPods(admin, nodeName);
    }

    @AfterAll
    static void stopNode() {
        if (node != null) {
            node.close();
        }
        admin.nodes().withName(nodeName).delete();
    }

    @Test
    void hostPathToAnySensitivePathIsRefusedBeforeTheModuleRuns() throws IOException {
        String ns = cluster.namespace("hostpath");
        Map<String, String> targets = new LinkedHashMap<>();
        targets.put("compiled", state.resolve("compiled").toString());
        targets.put("credentials", state.toString());
        targets.put("certs", state.resolve("pki").toString());
        targets.put("other-pods", podsDir.toString());
        targets.put("proc", "/proc");
        targets.put("etc", "/etc");
        targets.put("root", "/");
        targets.forEach((name, path) -> pods.create(pods.pod(ns, name, "hostile",
                        List.of("write", "/host/WROTE", "pwned", ";", "ls", "/host", ";", "cat", "/host/kubeconfig"))
                .editSpec()
                    .editFirstContainer().addNewVolumeMount().withName("host").withMountPath("/host").endVolumeMount()
                    .endContainer()
                    .addNewVolume().withName("host").withNewHostPath().withPath(path).withType("DirectoryOrCreate")
                    .endHostPath().endVolume()
                .endSpec().build()));

        for (var target : targets.entrySet()) {
            Pod refused = pods.awaitPhase(ns, target.getKey(), "Failed", "Succeeded");

            assertThat(refused.getStatus().getPhase()).as(target.getKey()).isEqualTo("Failed");
            assertThat(refused.getStatus().getReason()).as(target.getKey()).isEqualTo("UnsupportedVolume");
            assertThat(refused.getStatus().getMessage()).as(target.getKey())
                    .contains("hostPath " + target.getValue() + " is refused on a WASI node");
            assertThat(cluster.kubectl(TestPods.SHORT, "get", "pod", target.getKey(), "-n", ns)).contains("UnsupportedVolume");
        }
        for (Path written : List.of(state.resolve("compiled/WROTE"), state.resolve("WROTE"), state.resolve("pki/WROTE"),
                podsDir.resolve("WROTE"))) {
            assertThat(written).as("nothing was written on the node").doesNotExist();
        }
        assertOthersStillRun(ns);
    }

    @Test
    void symbolicLinksOutOfAnEmptyDirAreNotMadeAndNotFollowed() throws IOException {
        String ns = cluster.namespace("symlink");
        String hostname = Files.readString(Path.of("/etc/hostname")).strip();
        pods.create(pods.pod(ns, "links", "hostile", List.of(
                        "symlink", "/", "/scratch/root", ";",
                        "symlink", "/etc/hostname", "/scratch/hostname", ";",
                        "symlink", "../../../../../../../..", "/scratch/up", ";",
                        "mkdir", "/scratch/a", ";",
                        "symlink", "../../../../../../../../etc", "/scratch/a/etc", ";",
                        "cat", "/scratch/root/etc/hostname", ";",
                        "cat", "/scratch/hostname", ";",
                        "cat", "/scratch/up/etc/hostname", ";",
                        "cat", "/scratch/a/etc/hostname", ";",
                        "cat", "/scratch/../../../../etc/hostname", ";",
                        "write", "/scratch/up/WROTE", "pwned", ";",
                        "ls", "/scratch"))
                .editSpec()
                    .editFirstContainer().addNewVolumeMount().withName("scratch").withMountPath("/scratch").endVolumeMount()
                    .endContainer()
                    .addNewVolume().withName("scratch").withNewEmptyDir().endEmptyDir().endVolume()
                .endSpec().build());

        pods.awaitPhase(ns, "links", "Succeeded");
        String logs = cluster.kubectl(TestPods.SHORT, "logs", "links", "-n", ns);

        assertThat(logs).doesNotContain("linked /scratch/root", "linked /scratch/hostname", "linked /scratch/up",
                "linked /scratch/a/etc", "wrote");
        assertThat(logs.lines().filter(line -> line.equals(hostname))).as(logs).isEmpty();
        assertThat(logs).contains("made /scratch/a");
        try (var entries = Files.list(podsDir)) {
            assertThat(entries.filter(entry -> entry.getFileName().toString().equals("WROTE"))).isEmpty();
        }
        assertOthersStillRun(ns);
    }

    @Test
    void aLinkMadeInAWritableMountDoesNotWriteThroughAReadOnlyMountOfTheSameVolume() {
        String ns = cluster.namespace("readonly");
        pods.create(pods.pod(ns, "through", "hostile", List.of(
                        "write", "/rw/f", "original", ";",
                        "symlink", "f", "/rw/l", ";",
                        "write", "/ro/l", "pwned", ";",
                        "write", "/ro/f", "pwned", ";",
                        "cat", "/rw/f"))
                .editSpec()
                    .editFirstContainer()
                        .addNewVolumeMount().withName("scratch").withMountPath("/rw").endVolumeMount()
                        .addNewVolumeMount().withName("scratch").withMountPath("/ro").withReadOnly(true).endVolumeMount()
                    .endContainer()
                    .addNewVolume().withName("scratch").withNewEmptyDir().endEmptyDir().endVolume()
                .endSpec().build());

        pods.awaitPhase(ns, "through", "Succeeded");
        String logs = cluster.kubectl(TestPods.SHORT, "logs", "through", "-n", ns);

        assertThat(logs).contains("wrote /rw/f", "linked /rw/l", "/ro/l: ", "/ro/f: ").doesNotContain("wrote /ro/");
        assertThat(logs.lines().toList()).as(logs).endsWith("original");
    }

    @Test
    void dotDotInItemPathsAndSubPathsIsRefusedByTheApiServerBeforeTheNodeSeesIt() {
        String ns = cluster.namespace("dotdot");
        Pod items = pods.pod(ns, "items", "hostile", List.of("ls", "/info"))
                .editSpec()
                    .editFirstContainer().addNewVolumeMount().withName("info").withMountPath("/info").endVolumeMount()
                    .endContainer()
                    .addNewVolume().withName("info").withNewDownwardAPI().addNewItem().withPath("../../../../compiled/x")
                    .withNewFieldRef().withFieldPath("metadata.name").endFieldRef().endItem().endDownwardAPI().endVolume()
                .endSpec().build();
        Pod subPath = pods.pod(ns, "subpath", "hostile", List.of("ls", "/up"))
                .editSpec()
                    .editFirstContainer().addNewVolumeMount().withName("scratch").withMountPath("/up").withSubPath("../..")
                    .endVolumeMount().endContainer()
                    .addNewVolume().withName("scratch").withNewEmptyDir().endEmptyDir().endVolume()
                .endSpec().build();

        assertThatThrownBy(() -> pods.create(items)).isInstanceOf(KubernetesClientException.class)
                .hasMessageContaining("must not contain '..'");
        assertThatThrownBy(() -> pods.create(subPath)).isInstanceOf(KubernetesClientException.class)
                .hasMessageContaining("must not contain '..'");
    }

    @Test
    void anEmptyDirFloodFailsTheModulesWritesNotTheNode() throws IOException {
        String ns = cluster.namespace("flood");
        Map<String, Long> written = new LinkedHashMap<>();
        pods.create(flood(ns, "limited", new Quantity("1Mi")));
        written.put("limited", flooded(ns, "limited"));
        List<String> defaults = List.of("default-1", "default-2", "default-3");
        defaults.forEach(name -> pods.create(flood(ns, name, null)));
        for (String name : defaults) {
            written.put(name, flooded(ns, name));
        }

        assertThat(written.get("limited")).as("sizeLimit 1Mi").isLessThanOrEqualTo(MIB).isGreaterThan(MIB / 2);
        assertThat(written.get("default-1")).as("the node's default, 2 MiB").isLessThanOrEqualTo(2 * MIB);
        assertThat(written.values().stream().mapToLong(Long::longValue).sum()).as("the node's total, 5 MiB: " + written)
                .isLessThanOrEqualTo(5 * MIB);
        // The node's total is spent now, as on a kubelet whose disk is full: deleting the pods gives it back.
        written.keySet().forEach(name -> admin.pods().inNamespace(ns).withName(name).delete());
        TestCluster.waitFor(TestPods.SHORT, "the flood pods to be gone",
                () -> written.keySet().stream().allMatch(name -> pods.get(ns, name) == null));
        assertOthersStillRun(ns);
    }

    /** Waits for a flood pod to end; its module's own report says its writes were refused. Returns the bytes it left. */
    private static long flooded(String ns, String name) throws IOException {
        Pod pod = pods.awaitPhase(ns, name, "Succeeded");
        String logs = cluster.kubectl(TestPods.SHORT, "logs", name, "-n", ns);
        assertThat(logs).as(name).containsAnyOf("fill /scratch/big: stopped after", "/scratch/big: I/O error")
                .doesNotContain("wrote 50 MiB");
        Path big = podsDir.resolve(pod.getMetadata().getUid()).resolve("volumes/scratch/big");
        return Files.exists(big) ? Files.size(big) : 0;
    }

    private static Pod flood(String ns, String name, Quantity sizeLimit) {
        return pods.pod(ns, name, "hostile", List.of("fill", "/scratch/big", "50"))
                .editSpec()
                    .editFirstContainer().addNewVolumeMount().withName("scratch").withMountPath("/scratch").endVolumeMount()
                    .endContainer()
                    .addNewVolume().withName("scratch").withNewEmptyDir().withSizeLimit(sizeLimit).endEmptyDir().endVolume()
                .endSpec().build();
    }

    /** After an attack: the node is Ready and an ordinary pod with an emptyDir runs to its end. */
    private static void assertOthersStillRun(String ns) {
        String name = "ordinary-" + UUID.randomUUID().toString().substring(0, 6);
        pods.create(pods.pod(ns, name, "hostile", List.of("write", "/scratch/note", "hello", ";", "cat", "/scratch/note"))
                .editSpec()
                    .editFirstContainer().addNewVolumeMount().withName("scratch").withMountPath("/scratch").endVolumeMount()
                    .endContainer()
                    .addNewVolume().withName("scratch").withNewEmptyDir().endEmptyDir().endVolume()
                .endSpec().build());
        pods.awaitPhase(ns, name, "Succeeded");
        assertThat(cluster.kubectl(TestPods.SHORT, "logs", name, "-n", ns)).isEqualTo("wrote /scratch/note\nhello\n");
        assertThat(admin.nodes().withName(nodeName).get().getStatus().getConditions())
                .anySatisfy(condition -> {
                    assertThat(condition.getType()).isEqualTo("Ready");
                    assertThat(condition.getStatus()).isEqualTo("True");
                });
    }
}
