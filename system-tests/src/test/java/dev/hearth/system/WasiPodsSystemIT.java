package dev.hearth.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * WASI pods end to end on a participant's cluster (issue 4): the packaged backend and a real agent
 * provision the cluster with its wasm-node container; modules are pushed to the host's registry over
 * the distribution API; pods are applied and read with stock kubectl, as a workshop participant does.
 * The modules and manifests are in {@code system-tests/src/test/wasm}.
 */
@Timeout(300)
// Pods that could take the node down run last, so a node failure shows in its own test and not as a cascade.
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WasiPodsSystemIT {

    private static final String DEMO = "hello-world-wasi-rust";
    private static final String DEMO_IMAGE = "hearth-registry:5000/hello-world-wasi-rust:v0.1.0";
    private static final Duration RUN_WITHIN = Duration.ofSeconds(90);

    @RegisterExtension
    static final SystemStack STACK = SystemStack.withDefaults();
    private static WasiCluster cluster;

    @BeforeAll
    static void cluster() {
        Agent agent = STACK.startAgent("w");
        cluster = WasiCluster.request(STACK, agent, "wasi-pods");
        cluster.pushWasmToOci(DEMO, "v0.1.0", DemoModules.module("hello-world-rust"));
    }

    @AfterAll
    static void keepTheNodeLog() {
        if (cluster != null) {
            cluster.saveNodeLog();
        }
    }

    @Test
    @Order(1)
    void krustletsHelloWorldDemoRunsFromAWasmToOciImage() {
        String ns = cluster.namespace("demo");
        cluster.apply(ns, DemoModules.manifest("hello-world-rust/k8s.yaml"));

        theDemoRanToExitCode0(ns);
    }

    @Test
    @Order(2)
    void theSameModuleRunsFromACncfWasmArtifact() {
        cluster.pushCncfArtifact("hello-world-wasi-rust-cncf", "v0.1.0", DemoModules.module("hello-world-rust"));
        String ns = cluster.namespace("cncf");
        cluster.apply(ns, DemoModules.manifest("hello-world-rust/k8s.yaml", DEMO_IMAGE,
                "hearth-registry:5000/hello-world-wasi-rust-cncf:v0.1.0"));

        theDemoRanToExitCode0(ns);
    }

    @Test
    @Order(5)
    void aModuleThatExits3ShowsExitCode3() {
        cluster.pushWasmToOci("exit-3", "v1", DemoModules.module("exit-3"));
        String ns = cluster.namespace("exit");
        cluster.apply(ns, DemoModules.manifest("exit-3/pod.yaml", "restartPolicy: OnFailure", "restartPolicy: Never"));

        PodView pod = cluster.awaitPod(ns, "exit-3", "to show ExitCode:3", RUN_WITHIN, p -> p.statusColumn().equals("ExitCode:3"));
        assertThat(pod.phase()).isEqualTo("Failed");
        assertThat(pod.state().exitCode()).isEqualTo(3);
        assertThat(cluster.logs(ns, "exit-3")).isEqualTo("exiting with status 3\n");
    }

    @Test
    @Order(6)
    void onFailureRunsAFailingModuleAgainAfterADoublingBackOff() {
        cluster.pushWasmToOci("exit-3", "v1", DemoModules.module("exit-3"));
        String ns = cluster.namespace("backoff");
        cluster.apply(ns, DemoModules.manifest("exit-3/pod.yaml"));

        // Each run's start and end, from state.terminated or (during a back-off) lastState.terminated.
        TreeMap<Instant, PodView.ContainerState> runs = new TreeMap<>();
        Set<String> shown = new HashSet<>();
        cluster.awaitPod(ns, "exit-3", "to have run three times", Duration.ofSeconds(150), pod -> {
            shown.add(pod.statusColumn());
            for (PodView.ContainerState state : List.of(pod.state(), pod.lastState())) {
                if (state.terminated()) {
                    runs.put(state.startedAt(), state);
                }
            }
            return runs.size() >= 3;
        });
        assertThat(runs.values()).extracting(PodView.ContainerState::exitCode).containsOnly(3);
        List<PodView.ContainerState> ordered = new ArrayList<>(runs.values());
        long firstBackOff = Duration.between(ordered.get(0).finishedAt(), ordered.get(1).startedAt()).toSeconds();
        long secondBackOff = Duration.between(ordered.get(1).finishedAt(), ordered.get(2).startedAt()).toSeconds();
        assertThat(firstBackOff).as("seconds before the first restart (10 s back-off; times have 1 s precision)")
                .isGreaterThanOrEqualTo(9);
        assertThat(secondBackOff).as("seconds before the second restart: the back-off doubles")
                .isGreaterThanOrEqualTo(2 * firstBackOff - 2);
        assertThat(shown).as("what kubectl get pod showed meanwhile").contains("CrashLoopBackOff");
        assertThat(cluster.logs(ns, "exit-3", "--previous")).isEqualTo("exiting with status 3\n");
    }

    @Test
    @Order(7)
    void anEndlessLoopIsStoppedByItsDeadlineAndStopsSpinning() {
        String node = cluster.nodeContainerState();
        cluster.pushWasmToOci("endless-loop", "v1", DemoModules.module("endless-loop"));
        String ns = cluster.namespace("loop");
        cluster.apply(ns, DemoModules.manifest("endless-loop/pod.yaml"));

        cluster.awaitPod(ns, "endless-loop", "to be Running", RUN_WITHIN, p -> "running".equals(p.state().kind()));
        PodView stopped = cluster.awaitPod(ns, "endless-loop", "to be stopped by activeDeadlineSeconds: 5",
                Duration.ofSeconds(60), p -> "Failed".equals(p.phase()));
        assertThat(stopped.reason()).isEqualTo("DeadlineExceeded");
        assertThat(stopped.state().reason()).isEqualTo("DeadlineExceeded");
        assertThat(Duration.between(stopped.state().startedAt(), stopped.state().finishedAt()).toSeconds())
                .as("seconds it ran").isBetween(4L, 30L);
        assertThat(cluster.logs(ns, "endless-loop")).isEqualTo("spinning forever\n");
        theModuleNoLongerUsesTheCpu();
        theNodeStillRunsPods(node);
    }

    @Test
    @Order(9)
    void memoryGrowPastTheLimitFailsThePodNotTheNode() {
        String node = cluster.nodeContainerState();
        cluster.pushWasmToOci("memory-grow", "v1", DemoModules.module("memory-grow"));
        String ns = cluster.namespace("memory");
        cluster.apply(ns, DemoModules.manifest("memory-grow/pod.yaml"));

        PodView failed = cluster.awaitPod(ns, "memory-grow", "to fail", RUN_WITHIN, p -> "Failed".equals(p.phase()));
        assertThat(failed.state().exitCode()).as("exit code of the module").isNotZero();
        List<String> logs = cluster.logs(ns, "memory-grow").lines().toList();
        assertThat(logs).as("the module's own words").anyMatch(line -> line.matches("memory allocation of \\d+ bytes failed"))
                .noneMatch(line -> line.startsWith("no memory limit"));
        String lastGrowth = logs.stream().filter(line -> line.startsWith("allocated ")).reduce((a, b) -> b).orElseThrow();
        int memoryMiB = Integer.parseInt(lastGrowth.replaceAll(".*memory (\\d+) MiB", "$1"));
        assertThat(memoryMiB).as("linear memory at the last successful grow, MiB (limit 64Mi)").isBetween(32, 64);
        theNodeStillRunsPods(node);
    }

    @Test
    @Timeout(600)
    @Order(8)
    void a100MbLogFloodStaysBoundedOnTheNode() {
        String node = cluster.nodeContainerState();
        cluster.pushWasmToOci("log-flood", "v1", DemoModules.module("log-flood"));
        String ns = cluster.namespace("flood");
        cluster.apply(ns, DemoModules.manifest("log-flood/pod.yaml"));

        cluster.awaitPod(ns, "log-flood", "to show ExitCode:0 after 100 MB of output", Duration.ofMinutes(6),
                p -> p.statusColumn().equals("ExitCode:0"));
        long onDisk = Long.parseLong(cluster.execInNode("sh", "-c",
                "du -sb /var/lib/hearth/wasm-node/logs/" + ns + "_log-flood_* | cut -f1").strip());
        assertThat(onDisk).as("bytes of the pod's logs on the node (2 files of 10 MiB kept)").isLessThanOrEqualTo(21L << 20);
        String logs = cluster.logs(ns, "log-flood");
        assertThat((long) logs.length()).as("bytes kubectl logs returns").isBetween(5L << 20, 21L << 20);
        List<String> tail = logs.lines().skip(Math.max(0, logs.lines().count() - 2)).toList();
        assertThat(tail).as("the newest lines are kept").containsExactly(
                "flood " + "x".repeat(80) + " 000000999999", "flood done: 1000000 lines");
        assertThat(logs).as("the oldest lines were rotated away").doesNotStartWith("flood " + "x".repeat(80) + " 000000000000");
        theNodeStillRunsPods(node);
    }

    @Test
    @Order(4)
    void aMalformedModuleFailsThePodWithAReadableStatus() {
        cluster.pushWasmToOci("malformed", "v1", DemoModules.module("malformed"));
        String ns = cluster.namespace("malformed");
        cluster.apply(ns, DemoModules.manifest("malformed/pod.yaml"));

        PodView failed = cluster.awaitPod(ns, "malformed", "to fail", RUN_WITHIN, p -> "Failed".equals(p.phase()));
        assertThat(failed.reason()).isEqualTo("InvalidModule");
        assertThat(failed.message()).as("the status message a participant reads in kubectl describe")
                .contains("hearth-registry:5000/malformed:v1").contains("not a valid WebAssembly module")
                .doesNotContain("Exception").doesNotContainPattern("\\b(dev|com|java)\\.[a-z]+\\.");
    }

    @Test
    @Order(3)
    void aMissingImageBacksOffWithTheRegistrysError() {
        String ns = cluster.namespace("missing");
        cluster.apply(ns, DemoModules.manifest("missing-image/pod.yaml"));

        PodView waiting = cluster.awaitPod(ns, "missing-image", "to show ImagePullBackOff", RUN_WITHIN,
                p -> p.statusColumn().equals("ImagePullBackOff"));
        assertThat(waiting.phase()).isEqualTo("Pending");
        assertThat(waiting.state().message()).as("the pull error kubectl describe shows")
                .contains("hearth-registry:5000/no-such-module:v1").containsIgnoringCase("unknown");
    }

    /** The demo's output as `kubectl logs` shows it: Krustlet's README lines, and the ConfigMap volume's files. */
    private static void theDemoRanToExitCode0(String ns) {
        PodView pod = cluster.awaitPod(ns, DEMO, "to show ExitCode:0", RUN_WITHIN, p -> p.statusColumn().equals("ExitCode:0"));
        assertThat(pod.phase()).isEqualTo("Succeeded");
        assertThat(cluster.kubectl().run("get", "pod", DEMO, "-n", ns, "-o", "jsonpath={.spec.nodeName}"))
                .isEqualTo(cluster.node());
        List<String> logs = cluster.logs(ns, DEMO).lines().toList();
        assertThat(logs)
                .containsSubsequence("hello from stdout!", "hello from stderr!", "Args are: []",
                        "/config/greeting.txt: hello from the ConfigMap volume", "/config/myval: cool stuff")
                .contains("FOO=bar", "POD_NAME=" + DEMO, "CONFIG_MAP_VAL=cool stuff");
    }

    /**
     * A demo pod in a new namespace still reaches ExitCode:0, the node is still Ready, and its container
     * is the one that ran before — not restarted, not killed by the kernel for want of memory.
     */
    private static void theNodeStillRunsPods(String nodeContainerBefore) {
        cluster.awaitNodeReady();
        String ns = cluster.namespace("after");
        cluster.apply(ns, DemoModules.manifest("hello-world-rust/k8s.yaml"));
        cluster.awaitPod(ns, DEMO, "(run after the failure) to show ExitCode:0", RUN_WITHIN,
                p -> p.statusColumn().equals("ExitCode:0"));
        assertThat(cluster.nodeContainerState()).as("the node's container").isEqualTo(nodeContainerBefore);
    }

    /** A module the node still ran would hold a core: the node's container must be near idle again. */
    private static void theModuleNoLongerUsesTheCpu() {
        String id = cluster.nodeContainer().getId();
        Waits.until("the node's container to use less than 30% of a core (the loop stopped)", Duration.ofSeconds(30),
                () -> Double.parseDouble(Scripts.ok(List.of("docker", "stats", "--no-stream", "--format", "{{.CPUPerc}}", id),
                        Duration.ofSeconds(30)).strip().replace("%", "")),
                percent -> percent < 30);
    }

}
