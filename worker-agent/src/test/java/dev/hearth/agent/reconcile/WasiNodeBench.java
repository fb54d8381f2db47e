package dev.hearth.agent.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.agent.NodeImages;
import dev.hearth.agent.TestHost;
import dev.hearth.protocol.DesiredCluster;
import dev.hearth.protocol.DesiredClusters;
import dev.hearth.protocol.ObservedPhase;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A cluster with its WASI node: request → READY, the idle memory of each container 30 s after READY,
 * and hello-world pods applied one after another → {@code ExitCode:0} (the first pulls and compiles,
 * the rest hit the caches). Named neither *Test nor *IT so the suite does not run it:
 * {@code mvn -pl worker-agent test -Dtest=WasiNodeBench -Dbench.pods=10}.
 */
class WasiNodeBench {

    @Test
    void measure() throws Exception {
        int pods = Integer.getInteger("bench.pods", 10);
        try (TestHost host = new TestHost(Map.of("hearth.agent.images.wasi-node", NodeImages.wasiNode()))) {
            var sink = new RecordingSink();
            String id = "wb-" + host.hostId();
            try (ClusterReconciler agent = TestAgent.reconciler(host, sink)) {
                Instant requested = Instant.now();
                agent.desired(new DesiredClusters(List.of(new DesiredCluster(id, "bench", null, 1))));
                sink.await(id, ObservedPhase.READY, Duration.ofMinutes(4));
                long ready = Duration.between(requested, Instant.now()).toMillis();
                int idleSeconds = Integer.getInteger("bench.idle", 30);
                Thread.sleep(Duration.ofSeconds(idleSeconds));
                String idle = memory(host.hostId());

                WasmArtifacts.pushWasmToOci(host.registryPort(), "bench-probe", "v1", WasmArtifacts.probe());
                List<Long> applyToExit = new ArrayList<>();
                String kubeconfig = sink.credentialsOf(id).orElseThrow().kubeconfig();
                try (KubernetesClient kubernetes = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfig)).build()) {
                    for (int i = 0; i < pods; i++) {
                        applyToExit.add(helloWorld(kubernetes, "hello-" + i));
                    }
                }
                System.out.printf("%nrequest -> READY with WASI node: %d ms%nidle memory %d s after READY:%n%s"
                        + "hello-world apply -> ExitCode:0 (ms, in order; first pulls and compiles): %s%n", ready, idleSeconds,
                        idle, applyToExit);
                List<Long> sorted = applyToExit.stream().sorted().toList();
                System.out.printf("p50 %d ms, p95 %d ms (n=%d)%n", sorted.get(sorted.size() / 2),
                        sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.95) - 1)), sorted.size());
                agent.desired(new DesiredClusters(List.of()));
                sink.await(id, ObservedPhase.DELETED, Duration.ofMinutes(2));
            }
        }
    }

    private static long helloWorld(KubernetesClient kubernetes, String name) {
        Pod pod = new PodBuilder()
                .withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withNewSpec()
                    .withRestartPolicy("Never")
                    .addNewContainer().withName("hello").withImage("hearth-registry:5000/bench-probe:v1").endContainer()
                    .addToNodeSelector("kubernetes.io/arch", "wasm32-wasi")
                    .addNewToleration().withKey("kubernetes.io/arch").withOperator("Exists").endToleration()
                .endSpec()
                .build();
        long start = System.nanoTime();
        kubernetes.resource(pod).create();
        Pod done = kubernetes.pods().resource(pod).waitUntilCondition(p -> p.getStatus() != null
                && p.getStatus().getContainerStatuses() != null && !p.getStatus().getContainerStatuses().isEmpty()
                && p.getStatus().getContainerStatuses().getFirst().getState().getTerminated() != null, 2, TimeUnit.MINUTES);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(done.getStatus().getContainerStatuses().getFirst().getState().getTerminated().getExitCode()).isZero();
        return millis;
    }

    /** {@code docker stats} memory of the test host's cluster containers. */
    private static String memory(String hostId) throws Exception {
        Process stats = new ProcessBuilder("docker", "stats", "--no-stream", "--format", "{{.Name}} {{.MemUsage}}").start();
        String out = new String(stats.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(stats.waitFor(60, TimeUnit.SECONDS)).isTrue();
        StringBuilder lines = new StringBuilder();
        out.lines().filter(line -> line.contains("wb-" + hostId)).forEach(line -> lines.append("  ").append(line).append('\n'));
        return lines.toString();
    }
}
