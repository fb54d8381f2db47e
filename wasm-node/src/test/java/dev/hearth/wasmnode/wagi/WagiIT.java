package dev.hearth.wasmnode.wagi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.wasmnode.NodeSettings;
import dev.hearth.wasmnode.TestImages;
import dev.hearth.wasmnode.TestNodes;
import dev.hearth.wasmnode.WasmNode;
import dev.hearth.wasmnode.cluster.TestCluster;
import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Web-app pods on a WASI node joined to a real control plane (kube-apiserver, and the controller
 * manager's endpoints controllers), reached the way a participant reaches them: the pod is Ready with
 * the node's IP, its Service's Endpoints and EndpointSlice list it, and the API server's service proxy
 * ({@code /api/v1/namespaces/<ns>/services/<svc>:http/proxy/…}, what the portal's app URL uses) gets
 * the app's answers. The node listens on a non-loopback address of this host: the API server refuses
 * to proxy to loopback endpoints, and the endpoints controller to publish them.
 */
@Timeout(300)
class WagiIT {

    private static final Duration SHORT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static TestCluster cluster;
    private static KubernetesClient admin;
    private static String nodeName;
    private static WasmNode node;
    private static String nodeIp;
    @TempDir
    static Path state;

    @BeforeAll
    static void startNode() throws IOException {
        cluster = TestCluster.shared();
        admin = cluster.admin();
        nodeName = "wagi-it-" + UUID.randomUUID().toString().substring(0, 6) + "-wasi";
        nodeIp = hostAddress();
        NodeSettings loopback = TestNodes.settings(nodeName, state);
        node = TestNodes.start(new NodeSettings(loopback.nodeName(), loopback.stateDir(), loopback.apiServer(),
                loopback.bootstrapKubeconfig(), loopback.bootstrapToken(), loopback.caFile(), Optional.of(nodeIp),
                loopback.kubeletPort(), loopback.maxPods(), loopback.maxModules(), loopback.podsDir(),
                loopback.volumeLimits(), loopback.leaseRenewInterval(), loopback.statusInterval(), loopback.crashLoop(),
                loopback.imagePull(), loopback.logs(), loopback.insecureRegistries(), loopback.registryMirrors(),
                loopback.tokenRefreshFraction()));
    }

    @AfterAll
    static void stopNode() {
        if (node != null) {
            node.close();
        }
        admin.nodes().withName(nodeName).delete();
    }

    @Test
    void aWebAppPodIsReadyBehindItsServiceAndAnswersThroughTheServiceProxy() {
        String ns = cluster.namespace("wagi");
        int port = freePort();
        createApp(ns, "web", "wagi", port, Map.of(WagiLimits.TIMEOUT_ANNOTATION, "2"));
        admin.services().inNamespace(ns).resource(new ServiceBuilder()
                .withNewMetadata().withName("web").endMetadata()
                .withNewSpec().withSelector(Map.of("app", "web"))
                    .addNewPort().withName("http").withPort(80).withNewTargetPort("http").endPort()
                .endSpec().build()).create();

        Pod ready = awaitReady(ns, "web");
        assertThat(ready.getStatus().getPodIP()).isEqualTo(nodeIp);
        TestCluster.waitFor(SHORT, "the Service's Endpoints to list the ready pod", () -> readyAddresses(ns, "web")
                .stream().anyMatch(address -> nodeIp.equals(address.getIp())));
        assertThat(endpointsPort(ns, "web")).isEqualTo(port);
        TestCluster.waitFor(SHORT, "an EndpointSlice with the pod, ready", () -> admin.discovery().v1().endpointSlices()
                .inNamespace(ns).withLabel("kubernetes.io/service-name", "web").list().getItems().stream()
                .flatMap(slice -> slice.getEndpoints().stream())
                .anyMatch(endpoint -> endpoint.getAddresses().contains(nodeIp) && Boolean.TRUE.equals(endpoint.getConditions().getReady())));

        String proxy = "/api/v1/namespaces/" + ns + "/services/web:http/proxy";
        assertThat(admin.raw(proxy + "/hello")).isEqualTo("hello from wagi.c at /hello (GET)\n");
        assertThat(admin.raw(proxy + "/echo", "POST", "posted through the API server")).isEqualTo("posted through the API server");
        HttpResponse<String> teapot = apiServer("GET", proxy + "/status", "");
        assertThat(teapot.statusCode()).isEqualTo(418);
        assertThat(teapot.headers().firstValue("X-Hearth")).hasValue("teapot");

        // A request that never ends is cut at the pod's 2 s while another is answered meanwhile.
        CompletableFuture<HttpResponse<String>> loop = CompletableFuture.supplyAsync(() -> apiServer("GET", proxy + "/loop", ""));
        assertThat(admin.raw(proxy + "/meanwhile")).isEqualTo("hello from wagi.c at /meanwhile (GET)\n");
        assertThat(loop.join().statusCode()).isEqualTo(504);

        // The same app straight at its pod address (what kube-proxy or a port-forward would reach).
        assertThat(direct("http://" + nodeIp + ":" + port + "/direct").body()).isEqualTo("hello from wagi.c at /direct (GET)\n");

        assertThat(cluster.kubectl(SHORT, "logs", "web", "-n", ns))
                .contains("\"GET /hello HTTP/1.1\" 200 ")
                .contains("\"POST /echo HTTP/1.1\" 200 ")
                .contains("\"GET /loop HTTP/1.1\" 504 ")
                .contains("wagi.c handling GET /hello");

        admin.pods().inNamespace(ns).withName("web").delete();
        TestCluster.waitFor(SHORT, "the Endpoints to drop the deleted pod", () -> readyAddresses(ns, "web").isEmpty());
    }

    @Test
    void theRustAppAnswersThroughThePodProxy() {
        String ns = cluster.namespace("wagi-rs");
        int port = freePort();
        createApp(ns, "rusty", "wagi-rs", port, Map.of());
        awaitReady(ns, "rusty");

        // The pod proxy takes a port number: a name would be read as a service name (/etc/services' http = 80).
        String proxy = "/api/v1/namespaces/" + ns + "/pods/rusty:" + port + "/proxy";
        assertThat(admin.raw(proxy + "/page")).isEqualTo("hello from wagi-rs at /page (GET)\n");
        assertThat(admin.raw(proxy + "/echo", "POST", "rust, proxied")).isEqualTo("rust, proxied");
        HttpResponse<String> created = apiServer("POST", proxy + "/status", "");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("X-Hearth")).hasValue("rust");
    }

    @Test
    void aSecondPodOnTheSamePortIsNotReadyAndSaysWhy() {
        String ns = cluster.namespace("wagi-clash");
        int port = freePort();
        createApp(ns, "first", "wagi", port, Map.of());
        awaitReady(ns, "first");
        createApp(ns, "second", "wagi", port, Map.of());

        TestCluster.waitFor(SHORT, "the second pod to report the taken port", () -> {
            Pod second = admin.pods().inNamespace(ns).withName("second").get();
            return second.getStatus().getContainerStatuses() != null && second.getStatus().getContainerStatuses().stream()
                    .anyMatch(status -> String.valueOf(status.getLastState().getTerminated() == null ? null
                            : status.getLastState().getTerminated().getMessage()).contains("port " + port)
                            || (status.getState().getTerminated() != null
                                && String.valueOf(status.getState().getTerminated().getMessage()).contains("port " + port)));
        });
        assertThat(isReady(admin.pods().inNamespace(ns).withName("second").get())).isFalse();
        assertThat(admin.raw("/api/v1/namespaces/" + ns + "/pods/first:" + port + "/proxy/still")).contains("/still");
    }

    private static void createApp(String ns, String name, String module, int port, Map<String, String> annotations) {
        admin.pods().inNamespace(ns).resource(TestNodes.pod(nodeName, ns, name, "Always")
                .editMetadata().withLabels(Map.of("app", name)).withAnnotations(annotations).endMetadata()
                .editSpec().addNewContainer().withName("app").withImage(TestImages.REGISTRY + module)
                    .addNewPort().withName("http").withContainerPort(port).endPort()
                .endContainer().endSpec().build()).create();
    }

    private static Pod awaitReady(String ns, String name) {
        TestCluster.waitFor(SHORT, "pod " + name + " to be Ready", () -> isReady(admin.pods().inNamespace(ns).withName(name).get()));
        return admin.pods().inNamespace(ns).withName(name).get();
    }

    private static boolean isReady(Pod pod) {
        return pod != null && pod.getStatus().getConditions() != null && pod.getStatus().getConditions().stream()
                .anyMatch((PodCondition condition) -> condition.getType().equals("Ready") && condition.getStatus().equals("True"));
    }

    private static List<EndpointAddress> readyAddresses(String ns, String service) {
        Endpoints endpoints = admin.endpoints().inNamespace(ns).withName(service).get();
        if (endpoints == null || endpoints.getSubsets() == null) {
            return List.of();
        }
        return endpoints.getSubsets().stream().filter(subset -> subset.getAddresses() != null)
                .flatMap(subset -> subset.getAddresses().stream()).toList();
    }

    private static int endpointsPort(String ns, String service) {
        return admin.endpoints().inNamespace(ns).withName(service).get().getSubsets().getFirst().getPorts().getFirst().getPort();
    }

    /** A request to the API server as its admin, keeping the status and headers the app answered with. */
    private static HttpResponse<String> apiServer(String method, String path, String body) {
        try {
            var tls = cluster.clientTls("system:masters", "wagi-it");
            HttpClient client = HttpClient.newBuilder().sslContext(tls).build();
            return client.send(HttpRequest.newBuilder(URI.create(cluster.server() + path))
                    .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> direct(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** This host's address on its default route: no packet is sent, connecting a UDP socket only picks the route. */
    private static String hostAddress() throws IOException {
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.connect(new InetSocketAddress(InetAddress.getByName("10.255.255.254"), 9));
            return socket.getLocalAddress().getHostAddress();
        }
    }
}
