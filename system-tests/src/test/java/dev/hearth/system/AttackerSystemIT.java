package dev.hearth.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The attacker's suite on the whole stack (docs/security.md, "The attacker's suite"): bob is
 * cluster-admin of his own cluster and tries to get out of it — through his pods, through his API
 * server's service proxy, with a leaked narrow token and with floods — while alice works beside him on
 * the same host. Each attempt must get nothing, and at the end alice's cluster must have noticed
 * nothing: her node Ready, her module run, her log read. The component suites behind each row (the
 * WASI node's {@code HostilePodIT}, the agent's {@code ClusterNetworkEgressIT}, the backend's
 * {@code PageRoutesIT}, {@code HostileAgentIT}, {@code StreamCapIT}, {@code RateLimitIT}) try every
 * variant; this one tries them together, as one person would, against the packaged parts.
 */
@Timeout(600)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AttackerSystemIT {

    private static final Duration RUN_WITHIN = Duration.ofSeconds(90);
    /** Longer than the API server's own 30 s dial timeout, so a dropped connection shows as its error. */
    private static final Duration PROXY_WITHIN = Duration.ofSeconds(60);
    private static final String HOST_SECRET = "the host's own service answered";

    @RegisterExtension
    static final SystemStack STACK = SystemStack.withDefaults();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static Agent agent;
    private static HearthApi alice;
    private static HearthApi bob;
    private static WasiCluster alices;
    private static WasiCluster bobs;

    @BeforeAll
    static void twoParticipantsOnOneHost() {
        agent = STACK.startAgent("atk");
        alice = STACK.api().as("alice");
        bob = STACK.api().as("bob");
        alices = WasiCluster.request(STACK, alice, agent, "alices");
        bobs = WasiCluster.request(STACK, bob, agent, "bobs");
        bobs.pushWasmToOci("hello-world-wasi-rust", "v0.1.0", DemoModules.module("hello-world-rust"));
    }

    @AfterAll
    static void keepTheNodeLogs() {
        if (alices != null) {
            alices.saveNodeLog();
        }
        if (bobs != null) {
            bobs.saveNodeLog();
        }
    }

    @Test
    @Order(1)
    void podsThatMountTheNodesFilesRunNothing() {
        String ns = bobs.namespace("hostpath");
        Map<String, String> targets = new LinkedHashMap<>();
        targets.put("compiled", "/var/lib/hearth/wasm-node/compiled");
        targets.put("root", "/");
        targets.put("proc", "/proc");
        targets.put("docker-socket", "/var/run/docker.sock");
        targets.forEach((name, path) -> bobs.apply(ns, manifest(name + ".yaml", hostPathPod(name, path))));

        for (Map.Entry<String, String> target : targets.entrySet()) {
            PodView pod = bobs.awaitPod(ns, target.getKey(), "to be refused", RUN_WITHIN, p -> p.phase().equals("Failed"));
            assertThat(pod.reason()).as("why the node refused hostPath %s", target.getValue()).isEqualTo("UnsupportedVolume");
            assertThat(pod.message()).contains("hostPath " + target.getValue() + " is refused on a WASI node");
        }
    }

    @Test
    @Order(2)
    void theServiceProxyReachesNothingOutsideBobsNetwork() throws Exception {
        String gateway = STACK.docker().gatewayOfCluster(bobs.id());
        AtomicInteger hostServiceRequests = new AtomicInteger();
        HttpServer hostService = HttpServer.create(new InetSocketAddress(InetAddress.getByName(gateway), 0), 10);
        hostService.createContext("/", exchange -> {
            hostServiceRequests.incrementAndGet();
            byte[] body = HOST_SECRET.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        hostService.start();
        try {
            Map<String, String> targets = new LinkedHashMap<>();
            targets.put("host-service", "http/" + gateway + "/" + hostService.getAddress().getPort());
            targets.put("backend", "http/" + gateway + "/" + STACK.backend().url().getPort());
            targets.put("keycloak", "http/" + gateway + "/8180");
            targets.put("postgresql", "http/" + gateway + "/5433");
            targets.put("alices-api-server", "https/" + STACK.docker().apiServerAddress(alices.id()) + "/6443");
            targets.put("metadata", "http/169.254.169.254/80");

            String ns = bobs.namespace("proxy");
            Map<String, CompletableFuture<Scripts.Result>> answers = new LinkedHashMap<>();
            targets.forEach((name, target) -> answers.put(name, CompletableFuture.supplyAsync(() -> throughServiceProxy(ns, name, target))));
            for (Map.Entry<String, CompletableFuture<Scripts.Result>> answer : answers.entrySet()) {
                Scripts.Result result = answer.getValue().get(2, TimeUnit.MINUTES);
                assertThat(result.exitCode()).as("bob's proxy to %s answered: %s", answer.getKey(), result.stdout()).isNotZero();
                assertThat(result.stdout() + result.stderr()).doesNotContain(HOST_SECRET);
            }
            assertThat(hostServiceRequests).as("requests that reached the host's service").hasValue(0);
        } finally {
            hostService.stop(0);
        }
    }

    @Test
    @Order(3)
    void aLeakedReadTokenReadsAndDoesNothingElse() throws Exception {
        JsonNode created = bob.call("POST", "/api/v1/tokens", Map.of("name", "leaked", "scopes", List.of("clusters:read")), 201);
        String leaked = "Bearer " + created.path("token").asText();

        assertThat(status("GET", "/api/v1/clusters/" + bobs.id(), leaked)).as("reading, its scope").isEqualTo(200);
        assertThat(status("DELETE", "/api/v1/clusters/" + bobs.id(), leaked)).as("deleting through the API").isEqualTo(403);
        assertThat(status("DELETE", "/clusters/" + bobs.id(), leaked)).as("deleting through the page route (H1)")
                .isGreaterThanOrEqualTo(300);
        assertThat(status("POST", "/api/v1/tokens", leaked)).as("minting a broader token").isEqualTo(403);
        assertThat(status("GET", "/api/v1/clusters/" + alices.id(), leaked)).as("alice's cluster").isEqualTo(404);
        assertThat(status("GET", "/api/v1/clusters/" + alices.id() + "/kubeconfig", leaked)).as("alice's kubeconfig").isEqualTo(404);
        assertThat(status("GET", "/api/v1/clusters/" + alices.id() + "/kubeconfig", bob.bearer()))
                .as("alice's kubeconfig, with bob's full sign-in").isEqualTo(404);
        assertThat(bob.cluster(bobs.id()).phase()).as("bob's own cluster, after the delete attempts").isEqualTo(Phase.READY);
    }

    @Test
    @Order(4)
    void floodsStopTheFlooderOnly() throws Exception {
        URI bobsEvents = STACK.backend().url().resolve("/api/v1/clusters/" + bobs.id() + "/events");
        List<SseLogClient> open = new ArrayList<>();
        try {
            AtomicInteger refusedAt = new AtomicInteger(-1);
            for (int i = 0; i < 40 && refusedAt.get() < 0; i++) {
                SseLogClient stream = SseLogClient.open(HTTP, bobsEvents, bob.bearer());
                try {
                    stream.opened().get(30, TimeUnit.SECONDS);
                    open.add(stream);
                } catch (java.util.concurrent.ExecutionException refused) {
                    assertThat(refused.getCause().getMessage()).contains("429");
                    refusedAt.set(i);
                }
            }
            assertThat(refusedAt.get()).as("streams bob held when the next was refused").isBetween(1, 20);
            SseLogClient alicesStream = SseLogClient.open(HTTP, STACK.backend().url().resolve("/api/v1/clusters/" + alices.id()
                    + "/events"), alice.bearer());
            alicesStream.opened().get(30, TimeUnit.SECONDS);
            open.add(alicesStream);
        } finally {
            open.forEach(SseLogClient::close);
        }

        int guesses = 0;
        int answer;
        while ((answer = status("POST", "/api/v1/classrooms/join", bob.bearer(), "{\"code\":\"ZZZZ-ZZ" + String.format("%02d", guesses) + "\"}"))
                == 404) {
            guesses++;
            assertThat(guesses).as("wrong join codes bob could try").isLessThanOrEqualTo(50);
        }
        assertThat(answer).as("bob's next guess").isEqualTo(429);
        assertThat(status("POST", "/api/v1/classrooms/join", alice.bearer(), "{\"code\":\"ZZZZ-ZZ99\"}"))
                .as("alice's first wrong code, after bob's flood").isEqualTo(404);
    }

    @Test
    @Order(5)
    void aliceNoticedNothing() {
        alices.awaitNodeReady();
        alices.pushWasmToOci("hello-world-wasi-rust", "v0.1.0", DemoModules.module("hello-world-rust"));
        String ns = alices.namespace("after");
        alices.apply(ns, DemoModules.manifest("hello-world-rust/k8s.yaml"));
        PodView pod = alices.awaitPod(ns, "hello-world-wasi-rust", "to show ExitCode:0", RUN_WITHIN,
                p -> p.statusColumn().equals("ExitCode:0"));
        assertThat(pod.phase()).isEqualTo("Succeeded");
        assertThat(alices.logs(ns, "hello-world-wasi-rust")).contains("hello");
        assertThat(alice.cluster(alices.id()).phase()).isEqualTo(Phase.READY);
    }

    /** A pod on the WASI node with {@code path} of the node mounted. */
    private static String hostPathPod(String name, String path) {
        return """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: %s
                spec:
                  restartPolicy: Never
                  containers:
                    - name: hostile
                      image: hearth-registry:5000/hello-world-wasi-rust:v0.1.0
                      volumeMounts:
                        - name: host
                          mountPath: /host
                  volumes:
                    - name: host
                      hostPath:
                        path: %s
                  nodeSelector:
                    kubernetes.io/arch: "wasm32-wasi"
                  tolerations:
                    - key: "kubernetes.io/arch"
                      operator: "Equal"
                      value: "wasm32-wasi"
                """.formatted(name, path);
    }

    /**
     * What a cluster-admin does to make their API server connect somewhere: a Service without selector,
     * its Endpoints at the target ("scheme/ip/port"), and a GET through the API server's service proxy.
     * The API server refusing the Endpoints (loopback, link-local) fails the same way: nothing was reached.
     */
    private static Scripts.Result throughServiceProxy(String ns, String name, String target) {
        String[] parts = target.split("/");
        Path manifest = manifest("proxy-" + name + ".yaml", """
                apiVersion: v1
                kind: Service
                metadata:
                  name: %1$s
                spec:
                  ports:
                    - name: p
                      port: %3$s
                ---
                apiVersion: v1
                kind: Endpoints
                metadata:
                  name: %1$s
                subsets:
                  - addresses:
                      - ip: %2$s
                    ports:
                      - name: p
                        port: %3$s
                """.formatted(name, parts[1], parts[2]));
        Scripts.Result applied = Scripts.run(bobs.kubectl().command("apply", "-n", ns, "-f", manifest.toString()), PROXY_WITHIN);
        if (applied.exitCode() != 0) {
            return applied;
        }
        return Scripts.run(bobs.kubectl().command("get", "--request-timeout=45s", "--raw",
                "/api/v1/namespaces/" + ns + "/services/" + parts[0] + ":" + name + ":" + parts[2] + "/proxy/"), PROXY_WITHIN);
    }

    private static Path manifest(String file, String text) {
        try {
            Path dir = Files.createDirectories(RunPaths.target("tmp").resolve("attacker"));
            return Files.writeString(dir.resolve(file), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int status(String method, String path, String authorization) throws Exception {
        return status(method, path, authorization, method.equals("GET") ? null : "{}");
    }

    private static int status(String method, String path, String authorization, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(STACK.backend().url().resolve(path)).timeout(Duration.ofSeconds(20))
                .header("Authorization", authorization).header("Accept", "*/*");
        if (json == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
