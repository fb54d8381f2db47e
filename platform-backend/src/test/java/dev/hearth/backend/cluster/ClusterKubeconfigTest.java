package dev.hearth.backend.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hearth.backend.cluster.ClusterKubeconfig.UntrustedKubeconfigException;
import dev.hearth.harness.Kubeconfigs;
import dev.hearth.backend.testing.HostileKubeconfigs;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Which kubeconfigs from an agent are accepted and what is kept of them (pure parsing; no client is made). */
class ClusterKubeconfigTest {

    private static String honest;

    @BeforeAll
    static void issue() {
        honest = Kubeconfigs.standalone("https://127.0.0.1:40123");
    }

    @Test
    void keepsServerCaAndClientCertificateAndRebuildsTheSameEveryTime() {
        ClusterKubeconfig parsed = ClusterKubeconfig.parse(honest);
        assertThat(parsed.server()).isEqualTo(URI.create("https://127.0.0.1:40123"));
        assertThat(parsed.caPem()).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(parsed.clientKeyPem()).startsWith("-----BEGIN EC PRIVATE KEY-----");
        String rebuilt = parsed.yaml("hearth-c-abc123");
        assertThat(ClusterKubeconfig.parse(rebuilt)).isEqualTo(parsed);
        assertThat(ClusterKubeconfig.parse(rebuilt).yaml("hearth-c-abc123")).isEqualTo(rebuilt);
        assertThat(parsed.toString()).doesNotContain("PRIVATE");
        assertThat(parsed.clientConfig().getMasterUrl()).startsWith("https://127.0.0.1:40123");
        assertThat(parsed.clientConfig().getClientKeyAlgo()).isEqualTo("EC");
    }

    @Test
    void aServerNameForASharedEndpointIsKept() {
        String withName = honest.replace("    certificate-authority-data:", "    tls-server-name: c-abc123.clusters.hearth\n    certificate-authority-data:");
        ClusterKubeconfig parsed = ClusterKubeconfig.parse(withName);
        assertThat(parsed.tlsServerName()).contains("c-abc123.clusters.hearth");
        assertThat(parsed.yaml("hearth-c-abc123")).contains("tls-server-name: \"c-abc123.clusters.hearth\"");
        assertThat(ClusterKubeconfig.parse(parsed.yaml("hearth-c-abc123"))).isEqualTo(parsed);
    }

    @Test
    void anythingThatCouldRunReadOrSendCredentialsElsewhereIsRefused() {
        refused(HostileKubeconfigs.exec(honest, Path.of("/tmp/never")), "users[0].user may not hold 'exec'");
        refused(honest.replace("    client-certificate-data:", "    auth-provider:\n      name: oidc\n    client-certificate-data:"),
                "may not hold 'auth-provider'");
        refused(honest.replace("    client-certificate-data:", "    token: abc\n    client-certificate-data:"), "may not hold 'token'");
        refused(honest.replace("    client-certificate-data:", "    client-key: /etc/shadow\n    client-certificate-data:"),
                "may not hold 'client-key'");
        refused(honest.replace("    certificate-authority-data:", "    insecure-skip-tls-verify: true\n    certificate-authority-data:"),
                "may not hold 'insecure-skip-tls-verify'");
        refused(honest.replace("    certificate-authority-data:", "    proxy-url: http://10.0.0.1:3128\n    certificate-authority-data:"),
                "may not hold 'proxy-url'");
        refused(honest.replace("    certificate-authority-data:", "    tls-server-name: \"a b\"\n    certificate-authority-data:"),
                "tls-server-name must be a DNS name");
        refused(honest.replace("https://127.0.0.1:40123", "http://127.0.0.1:40123"), "server must be https://host:port");
        refused(honest.replace("https://127.0.0.1:40123", "https://127.0.0.1:40123/api/v1/namespaces"), "server must be");
        refused(honest.replace("https://127.0.0.1:40123", "https://user@127.0.0.1:40123"), "server must be");
        refused(honest.replace("https://127.0.0.1:40123", "https://127.0.0.1"), "server must be");
        refused(honest + "users2: []\n", "may not hold 'users2'");
        refused("", "not a kubeconfig");
        refused("- a\n- list\n", "not a kubeconfig");
    }

    @Test
    void serversMustBeAtTheHostsAddress() {
        URI loopback = URI.create("https://127.0.0.1:40123");
        var endpoints = new HostEndpoints(Optional.of(URI.create("https://hearth.example:8443")));
        assertThat(endpoints.allows(loopback, Optional.empty(), "127.0.0.1")).isTrue();
        assertThat(endpoints.allows(loopback, Optional.empty(), "0:0:0:0:0:0:0:1")).isTrue();
        assertThat(endpoints.allows(URI.create("https://10.1.2.3:6443"), Optional.empty(), "10.1.2.3")).isTrue();
        assertThat(endpoints.allows(URI.create("https://10.1.2.4:6443"), Optional.empty(), "10.1.2.3")).isFalse();
        assertThat(endpoints.allows(URI.create("https://169.254.169.254:443"), Optional.empty(), "10.1.2.3")).isFalse();
        assertThat(endpoints.allows(loopback, Optional.empty(), "10.1.2.3")).isFalse();
        assertThat(endpoints.allows(URI.create("https://worker-1.example:6443"), Optional.of("worker-1.example"), "10.1.2.3")).isTrue();
        assertThat(endpoints.allows(URI.create("https://10.1.2.3:6443"), Optional.of("worker-1.example"), "10.1.2.3")).isFalse();
        // An agent on the backend's machine: the public URL's host (its SNI endpoint) is its own too, not for others.
        assertThat(endpoints.allows(URI.create("https://hearth.example:8443"), Optional.empty(), "127.0.0.1")).isTrue();
        assertThat(endpoints.allows(URI.create("https://hearth.example:8443"), Optional.empty(), "10.1.2.3")).isFalse();
        assertThat(endpoints.allows(URI.create("http://127.0.0.1:40123"), Optional.empty(), "127.0.0.1")).isFalse();
    }

    private static void refused(String kubeconfig, String because) {
        assertThatThrownBy(() -> ClusterKubeconfig.parse(kubeconfig)).isInstanceOf(UntrustedKubeconfigException.class)
                .hasMessageContaining(because);
    }
}
