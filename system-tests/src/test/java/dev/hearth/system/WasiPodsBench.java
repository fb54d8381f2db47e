package dev.hearth.system;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Krustlet's hello-world demo, {@code kubectl apply} → {@code ExitCode:0}, on a real cluster (docs/BENCHMARKS.md:
 * p50 ≤ 1.5 s): the packaged backend and an agent provision it with its WASI node; one warm-up pod
 * (the first pull and compile, not counted), then {@code bench.pods} pods one at a time, each in its own
 * namespace, timed from launching {@code kubectl apply} to the {@code kubectl get pods -w} line showing
 * {@code ExitCode:0}. Not part of the suite (no Test/IT suffix): {@code bench/wasm-pods} runs it and reads
 * {@code target/bench/wasi-pods.json}.
 */
class WasiPodsBench {

    private static final Duration POD_WITHIN = Duration.ofSeconds(60);

    @RegisterExtension
    static final SystemStack STACK = SystemStack.withDefaults();

    @Test
    @Timeout(900)
    void helloWorldApplyToExitCode0() throws IOException {
        int pods = Integer.getInteger("bench.pods", 10);
        long requested = System.nanoTime();
        WasiCluster cluster = WasiCluster.request(STACK, STACK.startAgent("bench"), "bench");
        long clusterMillis = millisSince(requested);
        cluster.pushWasmToOci("hello-world-wasi-rust", "v0.1.0", DemoModules.module("hello-world-rust"));

        List<Map<String, Long>> samples = new ArrayList<>();
        Map<String, Long> warmUp;
        try (PodWatch watch = PodWatch.onNode(cluster.kubectl(), cluster.node())) {
            warmUp = run(cluster, watch);
            for (int i = 0; i < pods; i++) {
                samples.add(run(cluster, watch));
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("pods", pods);
        result.put("agentAndClusterMillis", clusterMillis);
        result.put("warmUp", warmUp);
        result.put("samples", samples);
        result.put("node", cluster.nodeContainerState());
        Path file = RunPaths.target("bench").resolve("wasi-pods.json");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), result);
        System.out.println("wasi-pods: wrote " + file);
    }

    /** One demo pod in a new namespace: milliseconds to apply's return, to the first watch line, to ExitCode:0. */
    private static Map<String, Long> run(WasiCluster cluster, PodWatch watch) {
        String ns = cluster.namespace("bench");
        long start = System.nanoTime();
        cluster.apply(ns, DemoModules.manifest("hello-world-rust/k8s.yaml"));
        long applied = System.nanoTime();
        PodWatch.Line first = watch.await("the pod in " + ns + " on the node", POD_WITHIN, line -> line.namespace().equals(ns));
        PodWatch.Line done = first.status().equals("ExitCode:0") ? first
                : watch.await("ExitCode:0 of the pod in " + ns, POD_WITHIN,
                        line -> line.namespace().equals(ns) && line.status().equals("ExitCode:0"));
        Map<String, Long> sample = new LinkedHashMap<>();
        sample.put("applyReturnedMillis", (applied - start) / 1_000_000);
        sample.put("onNodeMillis", (first.nanos() - start) / 1_000_000);
        sample.put("exitCode0Millis", (done.nanos() - start) / 1_000_000);
        return sample;
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
