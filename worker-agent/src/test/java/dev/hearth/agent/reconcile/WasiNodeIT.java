package dev.hearth.agent.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.agent.NodeImages;
import dev.hearth.agent.TestHost;
import dev.hearth.protocol.ClusterConfig;
import dev.hearth.protocol.ClusterObserved;
import dev.hearth.protocol.DesiredCluster;
import dev.hearth.protocol.DesiredClusters;
import dev.hearth.protocol.FeatureGates;
import dev.hearth.protocol.ObservedPhase;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A cluster with its WASI node, end to end on the real Docker engine: the agent starts the node image,
 * the node joins with the bootstrap token, the agent approves its serving certificate, and READY means
 * the Node is Ready with Krustlet's labels and taints; then a wasm module pushed to the host's registry
 * runs as a pod to {@code ExitCode:0}, and its logs come through the API server.
 */
@Timeout(420)
class WasiNodeIT {

    private static final Duration READY_WITHIN = Duration.ofMinutes(4);
    private static TestHost host;

    @BeforeAll
    static void host() {
        host = new TestHost(Map.of("hearth.agent.images.wasi-node", NodeImages.wasiNode()));
    }

    @AfterAll
    static void removeEverythingOfTheTestHost() {
        host.close();
    }

    @Test
    void theWasiNodeIsReadyAsKrustletsWasAndRunsAModuleFromTheHostRegistry() throws Exception {
        String id = "wasi-" + host.hostId();
        var desired = new DesiredCluster(id, "demo", new ClusterConfig(FeatureGates.DEFAULTS, Map.of()), 1);
        var sink = new RecordingSink();
        try (ClusterReconciler agent = TestAgent.reconciler(host, sink)) {
            agent.desired(new DesiredClusters(List.of(desired)));
            ClusterObserved ready = sink.await(id, ObservedPhase.READY, READY_WITHIN);
            assertThat(ready.message()).as("nothing missing").isNullOrEmpty();

            String kubeconfig = sink.credentialsOf(id).orElseThrow().kubeconfig();
            try (KubernetesClient kubernetes = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfig)).build()) {
                theNodeLooksLikeKrustlets(kubernetes.nodes().withName("demo-wasi").get());
                theServingCertificateWasApproved(kubernetes);
                aModuleRunsToExitCodeZeroWithItsLogs(kubernetes);
            }

            agent.desired(new DesiredClusters(List.of()));
            sink.await(id, ObservedPhase.DELETED, Duration.ofMinutes(1));
        }
        assertThat(host.objectsOf(id)).isEmpty();
    }

    private static void theNodeLooksLikeKrustlets(Node node) {
        assertThat(node.getStatus().getConditions()).anySatisfy(condition -> {
            assertThat(condition.getType()).isEqualTo("Ready");
            assertThat(condition.getStatus()).isEqualTo("True");
        });
        assertThat(node.getMetadata().getLabels()).containsEntry("kubernetes.io/arch", "wasm32-wasi")
                .containsEntry("beta.kubernetes.io/arch", "wasm32-wasi").containsEntry("kubernetes.io/os", "wasm32-wasi")
                .containsEntry("beta.kubernetes.io/os", "wasm32-wasi").containsEntry("type", "krustlet")
                .containsEntry("kubernetes.io/hostname", "demo-wasi");
        assertThat(node.getSpec().getTaints()).extracting(Taint::getKey, Taint::getValue, Taint::getEffect)
                .contains(org.assertj.core.groups.Tuple.tuple("kubernetes.io/arch", "wasm32-wasi", "NoSchedule"),
                        org.assertj.core.groups.Tuple.tuple("kubernetes.io/arch", "wasm32-wasi", "NoExecute"));
    }

    private static void theServingCertificateWasApproved(KubernetesClient kubernetes) {
        List<CertificateSigningRequest> serving = kubernetes.certificates().v1().certificateSigningRequests().list().getItems()
                .stream().filter(csr -> "kubernetes.io/kubelet-serving".equals(csr.getSpec().getSignerName())).toList();
        assertThat(serving).isNotEmpty().allSatisfy(csr -> {
            assertThat(csr.getSpec().getUsername()).isEqualTo("system:node:demo-wasi");
            assertThat(csr.getStatus().getConditions()).anySatisfy(c -> assertThat(c.getReason()).isEqualTo("HearthAgentApproved"));
        });
    }

    private static void aModuleRunsToExitCodeZeroWithItsLogs(KubernetesClient kubernetes) throws Exception {
        pushWasmToOci("e2e/probe", "v1", Files.readAllBytes(repositoryRoot().resolve("wasm-node/src/test/resources/wasm/probe.wasm")));
        Pod pod = kubernetes.resource(new io.fabric8.kubernetes.api.model.PodBuilder()
                .withNewMetadata().withName("hello-wasm").withNamespace("default").endMetadata()
                .withNewSpec()
                    .withRestartPolicy("Never")
                    .addNewContainer().withName("hello").withImage("hearth-registry:5000/e2e/probe:v1").endContainer()
                    .addToNodeSelector("kubernetes.io/arch", "wasm32-wasi")
                    .addNewToleration().withKey("kubernetes.io/arch").withValue("wasm32-wasi").withEffect("NoSchedule").endToleration()
                    .addNewToleration().withKey("kubernetes.io/arch").withValue("wasm32-wasi").withEffect("NoExecute").endToleration()
                .endSpec()
                .build()).create();
        Pod done = kubernetes.pods().resource(pod).waitUntilCondition(p -> p.getStatus() != null
                && p.getStatus().getContainerStatuses() != null && !p.getStatus().getContainerStatuses().isEmpty()
                && p.getStatus().getContainerStatuses().getFirst().getState().getTerminated() != null, 2, TimeUnit.MINUTES);
        assertThat(done.getStatus().getContainerStatuses().getFirst().getState().getTerminated().getExitCode()).isZero();
        assertThat(kubernetes.pods().resource(pod).getLog()).contains("Hello, world!").contains("Hello, stderr!");
    }

    /** Pushes a module in the wasm-to-oci format to the test host's registry, over the distribution API. */
    private static void pushWasmToOci(String repository, String tag, byte[] wasm) throws Exception {
        URI registry = URI.create("http://127.0.0.1:" + host.registryPort());
        HttpClient http = HttpClient.newHttpClient();
        byte[] config = "{}".getBytes(StandardCharsets.UTF_8);
        for (byte[] blob : List.of(config, wasm)) {
            HttpResponse<String> start = http.send(HttpRequest.newBuilder(registry.resolve("/v2/" + repository + "/blobs/uploads/"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            URI upload = registry.resolve(start.headers().firstValue("Location").orElseThrow());
            String url = upload + (upload.getQuery() == null ? "?" : "&") + "digest=" + digest(blob);
            int status = http.send(HttpRequest.newBuilder(URI.create(url)).PUT(HttpRequest.BodyPublishers.ofByteArray(blob)).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode();
            assertThat(status).as("blob upload").isEqualTo(201);
        }
        String manifest = """
                {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",
                 "config":{"mediaType":"application/vnd.wasm.config.v1+json","digest":"%s","size":%d},
                 "layers":[{"mediaType":"application/vnd.wasm.content.layer.v1+wasm","digest":"%s","size":%d}]}"""
                .formatted(digest(config), config.length, digest(wasm), wasm.length);
        int status = http.send(HttpRequest.newBuilder(registry.resolve("/v2/" + repository + "/manifests/" + tag))
                .header("Content-Type", "application/vnd.oci.image.manifest.v1+json")
                .PUT(HttpRequest.BodyPublishers.ofString(manifest)).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
        assertThat(status).as("manifest upload").isEqualTo(201);
    }

    private static String digest(byte[] content) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }

    private static Path repositoryRoot() throws IOException {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("wasm-node"))) {
                return dir;
            }
        }
        throw new IOException("no wasm-node/ above " + Path.of("").toAbsolutePath());
    }
}
