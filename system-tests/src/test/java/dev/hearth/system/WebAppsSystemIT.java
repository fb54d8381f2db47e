package dev.hearth.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Web apps end to end (issue 14; docs/wasm-node.md and docs/portal.md, "Web apps"): the packaged backend,
 * a real agent, alice's cluster with its WASI node, and wasm-node's committed WAGI test modules in C
 * ({@code wagi.c}) and Rust ({@code wagi-rs}) pushed to the host's registry, each a pod with a port named
 * {@code http} and a Service. Reached as a participant reaches them: through the API server's service
 * proxy (kubectl) and through the portal's app URL with her bearer token — which goes through the host's
 * agent channel (a tunnel, docs/agent-channel.md), so it keeps answering when the backend cannot reach the
 * cluster's API server at all, as for a host behind NAT; bob gets 404; a share link works signed out until
 * it expires. The node's limits hold under a hostile module: an endless request
 * is cut with 504 while others are served, 100 MB of output gets a bounded answer and the node stays Ready.
 * (The guided demo's own web app, built by the builder, is GuidedDemoSystemIT's.)
 */
@Timeout(600)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebAppsSystemIT {

    private static final Path MODULES = RunPaths.root().resolve("wasm-node/src/test/resources/wasm");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @RegisterExtension
    static final SystemStack STACK = SystemStack.withDefaults();
    private static WasiCluster cluster;
    private static HearthApi alice;
    private static HearthApi bob;
    private static String ns;

    @BeforeAll
    static void twoWebApps() throws IOException {
        Agent agent = STACK.startAgent("web");
        alice = STACK.api().as("alice");
        bob = STACK.api().as("bob");
        cluster = WasiCluster.request(STACK, alice, agent, "web-apps");
        cluster.pushWasmToOci("wagi-c", "v1", Files.readAllBytes(MODULES.resolve("wagi.wasm")));
        cluster.pushWasmToOci("wagi-rs", "v1", Files.readAllBytes(MODULES.resolve("wagi-rs.wasm")));
        ns = cluster.namespace("web");
        cluster.apply(ns, DemoModules.manifest("wagi/k8s.yaml"));
        // Ready means the module is compiled and the port is bound (docs/wasm-node.md): kubectl's own wait.
        cluster.kubectl().run("wait", "-n", ns, "--for=condition=Ready", "pod/wagi-c", "pod/wagi-rs", "--timeout=120s");
    }

    @AfterAll
    static void keepTheNodeLog() {
        if (cluster != null) {
            cluster.saveNodeLog();
        }
    }

    @Test
    @Order(1)
    void bothLanguagesAnswerGetPostStatusAndHeaderThroughTheServiceProxyAndThePortal() {
        for (String app : new String[] {"wagi-c", "wagi-rs"}) {
            String name = app.equals("wagi-c") ? "wagi.c" : "wagi-rs";
            String proxied = cluster.kubectl().run("get", "--raw",
                    "/api/v1/namespaces/" + ns + "/services/" + app + ":http/proxy/through/kubectl");
            assertThat(proxied).isEqualTo("hello from " + name + " at /through/kubectl (GET)\n");

            HttpResponse<String> get = portal(alice, "GET", app, "/through/the/portal?x=1", null);
            assertThat(get.statusCode()).isEqualTo(200);
            assertThat(get.body()).isEqualTo("hello from " + name + " at /through/the/portal (GET)\n");

            HttpResponse<String> echo = portal(alice, "POST", app, "/echo", "alice's body in " + app);
            assertThat(echo.statusCode()).isEqualTo(200);
            assertThat(echo.body()).isEqualTo("alice's body in " + app);

            HttpResponse<String> status = portal(alice, "GET", app, "/status", null);
            assertThat(status.statusCode()).isEqualTo(app.equals("wagi-c") ? 418 : 201);
            assertThat(status.headers().firstValue("X-Hearth")).contains(app.equals("wagi-c") ? "teapot" : "rust");
        }
    }

    @Test
    @Order(2)
    void anEndlessRequestIsCutWith504WhileOthersAreServed() {
        CompletableFuture<HttpResponse<String>> endless = CompletableFuture.supplyAsync(
                () -> portal(alice, "GET", "wagi-c", "/loop", null));
        Waits.until("the node runs the endless module", Duration.ofSeconds(30),
                () -> cluster.logs(ns, "wagi-c").contains("wagi.c handling GET /loop"));
        // While the loop holds one of the app's places, other requests are answered.
        for (int i = 0; i < 3; i++) {
            assertThat(portal(alice, "GET", "wagi-c", "/meanwhile", null).statusCode()).isEqualTo(200);
        }
        assertThat(endless.isDone()).as("the endless request is still running while the others were served").isFalse();
        HttpResponse<String> cut = endless.join();
        assertThat(cut.statusCode()).isEqualTo(504);
        assertThat(portal(alice, "GET", "wagi-c", "/after", null).statusCode()).isEqualTo(200);
    }

    @Test
    @Order(3)
    void aHundredMegabytesOfOutputGetABoundedAnswerAndTheNodeStaysReady() {
        HttpResponse<String> flood = portal(alice, "GET", "wagi-c", "/flood", null);
        assertThat(flood.statusCode()).isEqualTo(502);
        assertThat(flood.body().length()).isLessThan(9 * 1024 * 1024);
        cluster.awaitNodeReady();
        assertThat(cluster.kubectl().run("get", "node", cluster.node(), "-o",
                "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}")).isEqualTo("True");
        assertThat(portal(alice, "GET", "wagi-rs", "/still/here", null).statusCode()).isEqualTo(200);
    }

    @Test
    @Order(4)
    void bobGets404AndAShareLinkWorksSignedOutUntilItExpires() {
        assertThat(portal(bob, "GET", "wagi-c", "/", null).statusCode()).isEqualTo(404);
        JsonNode link = alice.call("POST", "/api/v1/clusters/" + cluster.id() + "/app-share-links",
                Map.of("namespace", ns, "service", "wagi-rs", "expiresInMinutes", 1), 201);
        URI shared = alice.base().resolve(URI.create(link.path("url").asText()).getPath() + "shared");
        HttpResponse<String> signedOut = send(HttpRequest.newBuilder(shared).GET().build());
        assertThat(signedOut.statusCode()).isEqualTo(200);
        assertThat(signedOut.body()).isEqualTo("hello from wagi-rs at /shared (GET)\n");
        // The shortest link lives a minute; then it is a 404 like an unknown one.
        Waits.until("the share link expired", Duration.ofSeconds(100),
                () -> send(HttpRequest.newBuilder(shared).GET().build()).statusCode() == 404);
    }

    @Test
    @Order(5)
    void theAppUrlStillAnswersWhenTheBackendCannotReachTheClustersApiServer() {
        // What the backend would dial to reach the API server: the server of the kubeconfig it stores and serves.
        Matcher server = Pattern.compile("server[\"']?\\s*:\\s*[\"']?https://([^:/\"'\\s]+):(\\d+)").matcher(alice.kubeconfig(cluster.id()));
        assertThat(server.find()).as("the kubeconfig names its API server: " + alice.kubeconfig(cluster.id())).isTrue();
        String address = server.group(1);
        String port = server.group(2);
        // A host behind NAT, as far as the backend is concerned: this machine's connections to that address and
        // port are reset (the backend and the test run here; the agent reaches its API servers at their own
        // published ports, and the WASI node on the cluster's network, neither of which this rule touches).
        List<String> rule = List.of("OUTPUT", "-d", address, "-p", "tcp", "--dport", port, "-m", "comment", "--comment",
                "hearth-webapps-" + cluster.id(), "-j", "REJECT", "--reject-with", "tcp-reset");
        Scripts.ok(iptables("-I", rule), Duration.ofSeconds(30));
        try {
            Scripts.Result unreachable = Scripts.run(cluster.kubectl().command("get", "--raw", "/readyz"), Duration.ofSeconds(60));
            assertThat(unreachable.exitCode()).as("the API server cannot be reached from here: " + unreachable.stdout()).isNotZero();

            HttpResponse<String> get = portal(alice, "GET", "wagi-rs", "/behind/nat?via=agent", null);
            assertThat(get.statusCode()).isEqualTo(200);
            assertThat(get.body()).isEqualTo("hello from wagi-rs at /behind/nat (GET)\n");
            HttpResponse<String> echo = portal(alice, "POST", "wagi-c", "/echo", "through the agent's channel");
            assertThat(echo.statusCode()).isEqualTo(200);
            assertThat(echo.body()).isEqualTo("through the agent's channel");
        } finally {
            Scripts.run(iptables("-D", rule), Duration.ofSeconds(30));
        }
    }

    private static List<String> iptables(String action, List<String> rule) {
        List<String> command = new ArrayList<>(List.of("iptables", "--wait", action));
        command.addAll(rule);
        return command;
    }

    /** A request to the portal's app URL with {@code api}'s bearer token. */
    private static HttpResponse<String> portal(HearthApi api, String method, String app, String path, String body) {
        URI uri = api.base().resolve("/api/v1/clusters/" + cluster.id() + "/apps/" + ns + "/" + app + path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .header("Authorization", api.bearer());
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "text/plain").method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return send(request.build());
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
