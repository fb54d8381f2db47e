package dev.hearth.backend.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.harness.ControlPlane;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the cluster page shows of a cluster, asked of a real kube-apiserver: its nodes in kubectl's
 * columns and its namespaces; and, for an API server that refuses, is not there or hangs, a sentence
 * saying so, quickly.
 */
@Timeout(120)
class ClusterInspectorIT {

    static ControlPlane apiServer;
    static Vertx vertx;
    static ClusterInspector inspector;

    @BeforeAll
    static void start() {
        apiServer = ControlPlane.start();
        vertx = Vertx.vertx();
        inspector = new ClusterInspector(null, Clock.systemUTC(), new ClusterClients(Clock.systemUTC(), vertx), () -> Duration.ofSeconds(2));
        try (KubernetesClient kubernetes = apiServer.adminClient()) {
            // Registered as a kubelet registers its node (the WASI node does so in the next issue).
            kubernetes.nodes().resource(new NodeBuilder()
                    .withNewMetadata().withName("demo-wasi")
                    .addToLabels("kubernetes.io/arch", "wasm32-wasi").addToLabels("kubernetes.io/os", "wasm32-wasi")
                    .addToLabels("type", "krustlet").addToLabels("node-role.kubernetes.io/agent", "")
                    .endMetadata()
                    .withNewStatus()
                    .addNewCondition().withType("Ready").withStatus("True").withReason("KubeletReady").endCondition()
                    .withNewNodeInfo().withKubeletVersion("v1.36.3").withArchitecture("wasm32-wasi")
                    .withOperatingSystem("wasm32-wasi").withContainerRuntimeVersion("wasi://0.2").withKernelVersion("")
                    .withOsImage("").withKubeProxyVersion("").withBootID("").withMachineID("").withSystemUUID("")
                    .endNodeInfo()
                    .endStatus()
                    .build()).create();
            kubernetes.nodes().resource(new NodeBuilder().withNewMetadata().withName("cordoned").endMetadata()
                    .withNewSpec().withUnschedulable(true).endSpec().build()).create();
        }
    }

    @AfterAll
    static void stop() {
        if (apiServer != null) {
            apiServer.close();
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    @Test
    void listsNodesAsKubectlDoesAndTheNamespaces() {
        ClusterInspection inspection = inspector.inspectWith(apiServer.adminKubeconfig());

        assertThat(inspection.answered()).as(inspection.problem()).isTrue();
        assertThat(inspection.nodes()).extracting(ClusterNode::name).containsExactly("cordoned", "demo-wasi");
        ClusterNode wasi = inspection.nodes().get(1);
        assertThat(wasi.status()).isEqualTo("Ready");
        assertThat(wasi.roles()).isEqualTo("agent");
        assertThat(wasi.version()).isEqualTo("v1.36.3");
        assertThat(wasi.arch()).isEqualTo("wasm32-wasi");
        assertThat(wasi.created()).isBetween(Instant.now().minusSeconds(120), Instant.now().plusSeconds(5));
        ClusterNode cordoned = inspection.nodes().get(0);
        assertThat(cordoned.status()).isEqualTo("Unknown,SchedulingDisabled");
        assertThat(cordoned.roles()).isEqualTo("<none>");
        assertThat(cordoned.arch()).isNull();
        assertThat(inspection.namespaces()).extracting(ClusterNamespace::name)
                .contains("default", "kube-system", "kube-public");
        assertThat(inspection.namespaces()).allSatisfy(ns -> assertThat(ns.status()).isEqualTo("Active"));
    }

    @Test
    void credentialsTheApiServerRefusesAreSaidSo() {
        ClusterInspection inspection = inspector.inspectWith(apiServer.strangerKubeconfig());

        assertThat(inspection.answered()).isFalse();
        assertThat(inspection.problem()).isEqualTo("The API server at " + apiServer.server()
                + " refused the cluster's admin credentials (HTTP 401).");
    }

    @Test
    void nothingListeningIsSaidSo() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        ClusterInspection inspection = inspector.inspectWith(apiServer.adminKubeconfig().replace(apiServer.server(), "https://127.0.0.1:" + closed));

        assertThat(inspection.answered()).isFalse();
        assertThat(inspection.problem()).isEqualTo("The API server at https://127.0.0.1:" + closed
                + " refused the connection: nothing is listening there.");
    }

    @Test
    void aServerThatNeverAnswersIsGivenUpOnWithinTheTimeout() throws IOException {
        List<Socket> held = new ArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            // Accepts connections and says nothing, like a wedged API server.
            Thread acceptor = Thread.ofVirtual().start(() -> {
                while (!silent.isClosed()) {
                    try {
                        held.add(silent.accept());
                    } catch (IOException closedOnPurpose) {
                        return;
                    }
                }
            });
            long started = System.nanoTime();
            ClusterInspection inspection = inspector.inspectWith(
                    apiServer.adminKubeconfig().replace(apiServer.server(), "https://127.0.0.1:" + silent.getLocalPort()));
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(inspection.answered()).isFalse();
            assertThat(inspection.problem()).isEqualTo("The API server at https://127.0.0.1:" + silent.getLocalPort()
                    + " did not answer within 2 s.");
            assertThat(took).isLessThan(Duration.ofSeconds(5));
            acceptor.interrupt();
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
    }
}
