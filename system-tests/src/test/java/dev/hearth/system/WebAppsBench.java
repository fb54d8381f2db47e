package dev.hearth.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Web apps through the portal URL (issue 14, docs/BENCHMARKS.md "Web apps"): the packaged backend, a real
 * agent and a cluster whose WASI node serves wasm-node's {@code wagi.c} hello handler; {@code GET /hello}
 * through {@code /api/v1/clusters/{id}/apps/…} (backend → tunnel over the agent channel → agent → node) and,
 * in the same run, straight to the node's pod IP and port from this machine (HTTP/1.1 keep-alive, JDK
 * client), with 1 and 4 clients. Prints {@code BENCH} lines; not part of the suite (no Test/IT suffix):
 * {@code bench/wagi/run.sh} runs it. Bounded: {@code bench.portal.requests} (200) per client after a
 * quarter of that as warm-up, and 15 minutes in all.
 */
class WebAppsBench {

    private static final Path MODULES = RunPaths.root().resolve("wasm-node/src/test/resources/wasm");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @RegisterExtension
    static final SystemStack STACK = SystemStack.withDefaults();

    @Test
    @Timeout(900)
    void helloThroughThePortalAndAtTheNode() throws Exception {
        int requests = Integer.getInteger("bench.portal.requests", 200);
        Agent agent = STACK.startAgent("bench");
        HearthApi alice = STACK.api().as("alice");
        WasiCluster cluster = WasiCluster.request(STACK, alice, agent, "wagi-bench");
        cluster.pushWasmToOci("wagi-c", "v1", Files.readAllBytes(MODULES.resolve("wagi.wasm")));
        String ns = cluster.namespace("bench");
        cluster.apply(ns, DemoModules.manifest("wagi/k8s.yaml"));
        cluster.kubectl().run("wait", "-n", ns, "--for=condition=Ready", "pod/wagi-c", "--timeout=120s");
        String podIp = cluster.kubectl().run("get", "-n", ns, "pod/wagi-c", "-o", "jsonpath={.status.podIP}").strip();

        URI portal = alice.base().resolve("/api/v1/clusters/" + cluster.id() + "/apps/" + ns + "/wagi-c/hello");
        URI node = URI.create("http://" + podIp + ":8091/hello");
        for (int clients : new int[] {1, 4}) {
            report("node", clients, run(node, null, clients, requests));
            report("portal", clients, run(portal, alice.bearer(), clients, requests));
        }
    }

    /** Nanoseconds per request of {@code clients} clients, {@code requests} each after a warm-up. */
    private static List<Long> run(URI uri, String bearer, int clients, int requests) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET();
        if (bearer != null) {
            builder.header("Authorization", bearer);
        }
        HttpRequest request = builder.build();
        List<Long> times = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                running.add(pool.submit(() -> {
                    for (int i = 0; i < requests / 4 + requests; i++) {
                        long t = System.nanoTime();
                        HttpResponse<String> answer = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
                        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
                        if (i >= requests / 4) {
                            times.add(System.nanoTime() - t);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> one : running) {
                one.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return times;
    }

    private static void report(String path, int clients, List<Long> measured) throws IOException {
        List<Long> each = new ArrayList<>(measured);
        Collections.sort(each);
        long total = each.stream().mapToLong(Long::longValue).sum();
        // Throughput of the measured part: requests over the mean time each client spent on them.
        double seconds = total / 1e9 / clients;
        System.out.printf("BENCH wagi-%s clients=%d requests=%d req/s=%.0f p50=%.2fms p99=%.2fms%n", path, clients,
                each.size(), each.size() / seconds, each.get(each.size() / 2) / 1e6,
                each.get(Math.min(each.size() - 1, (int) Math.ceil(each.size() * 0.99) - 1)) / 1e6);
    }
}
