package dev.hearth.wasmnode.kubeletapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.wasmnode.TestNodes;
import dev.hearth.wasmnode.WasmNode;
import dev.hearth.wasmnode.cluster.TestCluster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may use the kubelet API: anyone may ask {@code /healthz}; reading logs needs a certificate from
 * the cluster CA whose holder the API server allows {@code get nodes/proxy} — as the API server's own
 * kubelet client is, and a user who merely holds a cluster certificate is not.
 */
@Timeout(120)
class KubeletApiIT {

    private static TestCluster cluster;
    private static String name;
    private static WasmNode node;
    @TempDir
    static Path state;

    @BeforeAll
    static void startNode() {
        cluster = TestCluster.shared();
        name = "api-it-" + UUID.randomUUID().toString().substring(0, 6) + "-wasi";
        node = TestNodes.start(TestNodes.settings(name, state));
    }

    @AfterAll
    static void stopNode() {
        node.close();
        cluster.admin().nodes().withName(name).delete();
    }

    @Test
    void healthzAnswersAnyone() throws Exception {
        HttpResponse<String> response = get(cluster.clientTls("any", "anyone"), "/healthz");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("ok");
    }

    @Test
    void logsNeedACertificate() throws Exception {
        SSLContext noCertificate = SSLContext.getInstance("TLS");
        noCertificate.init(null, new javax.net.ssl.TrustManager[] {new TestCluster.AnyServer()}, null);

        HttpResponse<String> response = get(noCertificate, "/containerLogs/default/p/c");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(response.body()).contains("\"status\":401").contains("client certificate issued by the cluster CA");
    }

    @Test
    void aClusterCertificateWithoutPermissionIsForbidden() throws Exception {
        HttpResponse<String> response = get(cluster.clientTls("students", "mallory"), "/containerLogs/default/p/c");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("mallory").contains("nodes/proxy");
    }

    @Test
    void theApiServersKubeletClientIsAllowedAndGetsPreciseErrors() throws Exception {
        SSLContext apiServer = cluster.clientTls("system:masters", "kube-apiserver-kubelet-client");

        HttpResponse<String> missing = get(apiServer, "/containerLogs/default/nothing/main");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("container \\\"main\\\" in pod \\\"nothing\\\"");

        HttpResponse<String> bad = get(apiServer, "/containerLogs/default/nothing/main?tailLines=-2");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("tailLines must be at least 0");
    }

    private static HttpResponse<String> get(SSLContext tls, String path) throws Exception {
        try (HttpClient client = HttpClient.newBuilder().sslContext(tls).build()) {
            return client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + node.server().port() + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }
}
