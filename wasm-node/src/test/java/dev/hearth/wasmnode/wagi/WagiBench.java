package dev.hearth.wasmnode.wagi;

import dev.hearth.wasmnode.modules.ExecutionMode;
import dev.hearth.wasmnode.modules.ModuleCompiler;
import dev.hearth.wasmnode.wasi.WasiProgram;
import dev.hearth.wasmnode.wasi.WasiSandbox;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Not in the suite (bench/wagi runs it): requests/s and p50/p99 of the hello handler of {@code wagi.c}
 * served by {@link WagiApp} as the node serves it (compiled module, one instance per request), over
 * HTTP/1.1 keep-alive on loopback, at 1 and 4 clients. {@code -Dbench.requests} per client (2000).
 */
class WagiBench {

    @Test
    void helloHandler() throws Exception {
        int requests = Integer.getInteger("bench.requests", 2000);
        Path cache = Files.createTempDirectory("wagi-bench");
        byte[] wasm;
        try (InputStream in = WagiBench.class.getResourceAsStream("/wasm/wagi.wasm")) {
            wasm = in.readAllBytes();
        }
        WasiProgram program = ModuleCompiler.create(ExecutionMode.COMPILED, cache).program("wagi", () -> wasm);
        WagiLimits limits = new WagiLimits(Duration.ofSeconds(10), 1024 * 1024, 8 * 1024 * 1024, 8);
        try (WagiApp app = WagiApp.start(InetAddress.getLoopbackAddress(), 0, "bench", program,
                WasiSandbox.builder().maxMemoryBytes(64L * 1024 * 1024).build(), WagiRoute.ALL, limits, line -> { }, Clock.systemUTC())) {
            URI uri = URI.create("http://127.0.0.1:" + app.port() + "/hello");
            run(uri, 4, requests); // warm-up: JIT of the node and of the compiled module's classes
            for (int clients : new int[] {1, 4}) {
                run(uri, clients, requests);
            }
        }
    }

    private static void run(URI uri, int clients, int perClient) throws Exception {
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                done.add(pool.submit(() -> {
                    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                    HttpRequest request = HttpRequest.newBuilder(uri).build();
                    for (int i = 0; i < perClient; i++) {
                        long t = System.nanoTime();
                        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                        latencies.add(System.nanoTime() - t);
                        if (response.statusCode() != 200) {
                            throw new IllegalStateException("HTTP " + response.statusCode() + ": " + response.body());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        System.out.printf("BENCH wagi node clients=%d requests=%d req/s=%.0f p50=%.2fms p99=%.2fms%n", clients,
                sorted.size(), sorted.size() / seconds, sorted.get(sorted.size() / 2) / 1e6,
                sorted.get((int) (sorted.size() * 0.99)) / 1e6);
    }
}
