package dev.hearth.wasmnode.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.wasmnode.NodeSettings;
import dev.hearth.wasmnode.TestNodes;
import dev.hearth.wasmnode.WasmNode;
import dev.hearth.wasmnode.bootstrap.ClientCertificateBootstrap;
import dev.hearth.wasmnode.cluster.TestCluster;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A WASI node joins a real control plane as a kubelet does and keeps its Node, as Krustlet did. */
@Timeout(300)
class NodeIT {

    private static TestCluster cluster;
    private static KubernetesClient admin;
    private static String name;
    private static WasmNode node;
    @TempDir
    static Path state;

    @BeforeAll
    static void join() {
        cluster = TestCluster.shared();
        admin = cluster.admin();
        name = "node-it-" + UUID.randomUUID().toString().substring(0, 6) + "-wasi";
        node = TestNodes.start(TestNodes.settings(name, state));
    }

    @AfterAll
    static void leave() {
        if (node != null) {
            node.close();
        }
        admin.nodes().withName(name).delete();
    }

    @Test
    void registersWithKrustletsLabelsTaintsAddressesAndMeasuredCapacity() {
        // The API server adds node.kubernetes.io/not-ready to every new Node; the node lifecycle
        // controller lifts it once the node reports Ready — as for any kubelet.
        TestCluster.waitFor(Duration.ofSeconds(60), "the not-ready taint to be lifted from " + name,
                () -> admin.nodes().withName(name).get().getSpec().getTaints().size() == 2);
        Node registered = admin.nodes().withName(name).get();

        assertThat(registered.getMetadata().getLabels()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "kubernetes.io/arch", "wasm32-wasi", "beta.kubernetes.io/arch", "wasm32-wasi",
                "kubernetes.io/os", "wasm32-wasi", "beta.kubernetes.io/os", "wasm32-wasi",
                "kubernetes.io/hostname", name, "type", "krustlet"));
        assertThat(registered.getSpec().getTaints()).extracting(Taint::getKey, Taint::getValue, Taint::getEffect)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("kubernetes.io/arch", "wasm32-wasi", "NoSchedule"),
                        org.assertj.core.groups.Tuple.tuple("kubernetes.io/arch", "wasm32-wasi", "NoExecute"));
        assertThat(registered.getStatus().getAddresses()).extracting(NodeAddress::getType, NodeAddress::getAddress)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("InternalIP", "127.0.0.1"),
                        org.assertj.core.groups.Tuple.tuple("Hostname", name));
        assertThat(registered.getStatus().getDaemonEndpoints().getKubeletEndpoint().getPort())
                .isEqualTo(node.server().port());
        var info = registered.getStatus().getNodeInfo();
        assertThat(info.getKubeletVersion()).isEqualTo("v1.36.3-hearth-wasm");
        assertThat(info.getContainerRuntimeVersion()).isEqualTo("chicory://1.7.5");
        assertThat(info.getArchitecture()).as("as Krustlet reports it").isEqualTo("wasm-wasi");
        assertThat(info.getOperatingSystem()).isEqualTo("wasm32-wasi");
        assertThat(info.getMachineID()).isNotBlank();
        Map<String, Quantity> capacity = registered.getStatus().getCapacity();
        assertThat(Quantity.getAmountInBytes(capacity.get("cpu")).intValue())
                .isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(Quantity.getAmountInBytes(capacity.get("memory")).longValue())
                .isGreaterThan(Runtime.getRuntime().maxMemory() / 4);
        assertThat(capacity.get("pods")).isEqualTo(new Quantity("50"));
        assertThat(registered.getStatus().getAllocatable()).isEqualTo(capacity);
        assertThat(ready(registered)).isEqualTo("True");
        assertThat(cluster.kubectl(Duration.ofSeconds(60), "get", "node", name, "-o", "wide").lines().skip(1).findFirst()
                .orElseThrow().split("\\s+"))
                .as("kubectl get nodes -o wide: NAME STATUS ROLES AGE VERSION INTERNAL-IP …")
                .startsWith(name, "Ready").contains("v1.36.3-hearth-wasm", "127.0.0.1", "chicory://1.7.5");
    }

    @Test
    void joinedWithAnApprovedClientCertificateForItsNodeIdentity() throws Exception {
        List<CertificateSigningRequest> requests = admin.certificates().v1().certificateSigningRequests().list().getItems()
                .stream().filter(csr -> csr.getMetadata().getName().startsWith("node-csr-" + name + "-")).toList();

        assertThat(requests).singleElement().satisfies(csr -> {
            assertThat(csr.getSpec().getSignerName()).isEqualTo("kubernetes.io/kube-apiserver-client-kubelet");
            assertThat(csr.getSpec().getUsername()).startsWith("system:bootstrap:");
            assertThat(csr.getStatus().getConditions()).anyMatch(condition -> condition.getType().equals("Approved"));
        });
        String kubeconfig = Files.readString(state.resolve("kubeconfig"));
        X509Certificate certificate = dev.hearth.wasmnode.bootstrap.NodeCredentials.fromKubeconfig(kubeconfig).certificate();
        assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=system:node:" + name + ",O=system:nodes");
        assertThat(node.kubernetes().nodes().withName(name).get()).as("the node reads its Node as itself").isNotNull();
    }

    @Test
    void renewsItsLeaseEveryInterval() {
        Lease first = lease();
        assertThat(first.getSpec().getHolderIdentity()).isEqualTo(name);
        assertThat(first.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(owner -> assertThat(owner.getName()).isEqualTo(name));
        ZonedDateTime renewed = first.getSpec().getRenewTime();

        TestCluster.waitFor(Duration.ofSeconds(20), "the lease of " + name + " to be renewed",
                () -> lease().getSpec().getRenewTime().isAfter(renewed));
    }

    @Test
    void registersAgainWhenItsNodeIsDeleted() {
        String uid = admin.nodes().withName(name).get().getMetadata().getUid();

        admin.nodes().withName(name).delete();

        TestCluster.waitFor(Duration.ofSeconds(30), "node " + name + " to register again", () -> {
            Node again = admin.nodes().withName(name).get();
            return again != null && !again.getMetadata().getUid().equals(uid) && "True".equals(ready(again));
        });
        assertThat(admin.nodes().withName(name).get().getSpec().getTaints()).extracting(Taint::getKey)
                .contains("kubernetes.io/arch");
        TestCluster.waitFor(Duration.ofSeconds(20), "the lease to name the new Node as its owner",
                () -> lease().getMetadata().getOwnerReferences().getFirst().getUid()
                        .equals(admin.nodes().withName(name).get().getMetadata().getUid()));
    }

    @Test
    void servesTheKubeletApiWithTheClusterIssuedCertificateOnceItsRequestIsApproved() throws Exception {
        assertThat(servedCertificate().getIssuerX500Principal()).as("self-signed until approved")
                .isEqualTo(servedCertificate().getSubjectX500Principal());
        TestCluster.waitFor(Duration.ofSeconds(30), "the serving certificate request", () -> servingRequest() != null);
        CertificateSigningRequest request = servingRequest();
        assertThat(request.getSpec().getSignerName()).isEqualTo("kubernetes.io/kubelet-serving");

        admin.certificates().v1().certificateSigningRequests().withName(request.getMetadata().getName()).approve();

        TestCluster.waitFor(Duration.ofSeconds(60), "the node to serve the issued certificate",
                () -> servedCertificate().getIssuerX500Principal().getName().contains("hearth-test-ca"));
        assertThat(servedCertificate().getSubjectX500Principal().getName()).contains("CN=system:node:" + name);
        assertThat(Files.exists(state.resolve("pki/kubelet-serving.pem"))).as("kept for a restart").isTrue();
    }

    @Test
    void aRestartedNodeReusesItsCredentialsAndShutdownKeepsTheNodeObject(@TempDir Path otherState) {
        String other = "restart-" + UUID.randomUUID().toString().substring(0, 6) + "-wasi";
        NodeSettings settings = TestNodes.settings(other, otherState);
        TestNodes.start(settings).close();
        Node afterShutdown = admin.nodes().withName(other).get();
        assertThat(afterShutdown).as("the Node object stays").isNotNull();
        assertThat(ready(afterShutdown)).isEqualTo("False");

        try (WasmNode restarted = TestNodes.start(settings)) {
            assertThat(ready(admin.nodes().withName(other).get())).isEqualTo("True");
            assertThat(admin.certificates().v1().certificateSigningRequests().list().getItems())
                    .filteredOn(csr -> csr.getMetadata().getName().startsWith("node-csr-" + other + "-"))
                    .as("the second start joined with the kept kubeconfig").hasSize(1);
        } finally {
            admin.nodes().withName(other).delete();
        }
    }

    @Test
    void aNodeStartedBeforeItsBootstrapTokenExistsJoinsOnceItDoes(@TempDir Path lateState) throws Exception {
        // The agent starts the node while the API server starts and before the token's Secret exists.
        String late = "late-" + UUID.randomUUID().toString().substring(0, 6) + "-wasi";
        String token = TestCluster.newBootstrapToken();
        NodeSettings settings = TestNodes.settings(late, lateState, token);
        var said = new CopyOnWriteArrayList<String>();
        var bootstrapLog = java.util.logging.Logger.getLogger(ClientCertificateBootstrap.class.getName());
        var handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                said.add(java.text.MessageFormat.format(record.getMessage(), record.getParameters()));
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        bootstrapLog.addHandler(handler);
        // Its own thread, not the common pool: fabric8 completes its calls there, and the pool is one thread on 2 cores.
        var thread = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();
        CompletableFuture<WasmNode> joining = CompletableFuture.supplyAsync(() -> TestNodes.start(settings), thread);
        try {
            TestCluster.waitFor(Duration.ofSeconds(30), "the node to say it waits for its bootstrap token",
                    () -> joining.isDone() || said.stream().anyMatch(line -> line.contains(late + " waits for")));
            assertThat(joining).as("waiting for its token, not failed").isNotDone();
            assertThat(said).anyMatch(line -> line.contains("(HTTP 401)"));

            cluster.addBootstrapToken(token);

            try (WasmNode joined = joining.get(60, TimeUnit.SECONDS)) {
                assertThat(ready(admin.nodes().withName(late).get())).isEqualTo("True");
            }
        } finally {
            bootstrapLog.removeHandler(handler);
            joining.cancel(true);
            thread.shutdownNow();
            admin.nodes().withName(late).delete();
        }
    }

    private CertificateSigningRequest servingRequest() {
        return admin.certificates().v1().certificateSigningRequests().list().getItems().stream()
                .filter(csr -> csr.getMetadata().getName().startsWith("node-serving-" + name + "-"))
                .findFirst().orElse(null);
    }

    private X509Certificate servedCertificate() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new AnyServer()}, null);
            var connection = (HttpsURLConnection) new java.net.URI("https://127.0.0.1:" + node.server().port() + "/healthz")
                    .toURL().openConnection();
            connection.setSSLSocketFactory(context.getSocketFactory());
            connection.setHostnameVerifier((host, session) -> true);
            try {
                assertThat(new String(connection.getInputStream().readAllBytes())).isEqualTo("ok");
                return (X509Certificate) connection.getServerCertificates()[0];
            } finally {
                connection.disconnect();
            }
        } catch (Exception e) {
            throw new AssertionError("failed to reach the kubelet API", e);
        }
    }

    private Lease lease() {
        return admin.leases().inNamespace("kube-node-lease").withName(name).get();
    }

    private static String ready(Node node) {
        return node.getStatus().getConditions().stream().filter(condition -> condition.getType().equals("Ready"))
                .map(NodeCondition::getStatus).findFirst().orElse("missing");
    }

    /** Accepts any server certificate: the test looks at which one the node serves. */
    private static final class AnyServer implements X509TrustManager {

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
