package dev.hearth.agent.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.net.InetAddress;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PkiIssuerTest {

    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
    private final PkiIssuer issuer = new PkiIssuer(Clock.fixed(NOW, ZoneOffset.UTC), new SecureRandom());

    private ClusterPki issue() throws Exception {
        return issuer.issue(new ClusterPkiRequest("c-abc123",
                List.of("localhost", "hearth-c-abc123-control-plane"),
                List.of(InetAddress.getByName("127.0.0.1"), InetAddress.getByName("10.96.0.1")),
                Duration.ofHours(8)));
    }

    @Test
    void everyLeafIsSignedByItsCaAndEveryCaBySelf() throws Exception {
        ClusterPki pki = issue();
        X509Certificate ca = pki.ca().certificate();
        X509Certificate frontProxyCa = pki.frontProxyCa().certificate();
        assertThatCode(() -> ca.verify(ca.getPublicKey())).doesNotThrowAnyException();
        assertThatCode(() -> frontProxyCa.verify(frontProxyCa.getPublicKey())).doesNotThrowAnyException();
        for (IssuedCertificate leaf : List.of(pki.apiServer(), pki.apiServerKubeletClient(), pki.admin(),
                pki.controllerManager(), pki.scheduler())) {
            assertThatCode(() -> leaf.certificate().verify(ca.getPublicKey())).doesNotThrowAnyException();
            assertThat(leaf.certificate().getBasicConstraints()).isEqualTo(-1);
        }
        assertThatCode(() -> pki.frontProxyClient().certificate().verify(frontProxyCa.getPublicKey()))
                .doesNotThrowAnyException();
        assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void apiServerCertificateCoversEveryNameItIsReachedBy() throws Exception {
        var sans = issue().apiServer().certificate().getSubjectAlternativeNames().stream()
                .map(entry -> entry.get(1).toString()).toList();
        assertThat(sans).containsExactlyInAnyOrder("localhost", "hearth-c-abc123-control-plane", "127.0.0.1", "10.96.0.1");
        assertThat(issue().apiServer().certificate().getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
    }

    @Test
    void clientCertificatesNameTheUserAndGroupKubernetesExpects() throws Exception {
        ClusterPki pki = issue();
        assertThat(pki.admin().certificate().getSubjectX500Principal().getName()).isEqualTo("CN=hearth-admin,O=system:masters");
        assertThat(pki.controllerManager().certificate().getSubjectX500Principal().getName())
                .as("its controllers share its credentials, so it needs their rights").isEqualTo("CN=system:kube-controller-manager,O=system:masters");
        assertThat(pki.scheduler().certificate().getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
    }

    @Test
    void validityStartsBeforeNowForClockSkewAndEndsAfterTheRequestedDuration() throws Exception {
        X509Certificate admin = issue().admin().certificate();
        assertThat(admin.getNotBefore().toInstant()).isBefore(NOW);
        assertThat(admin.getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofHours(8)));
    }

    @Test
    void controlPlaneFilesHoldPemAndKubeconfigsPointingAtTheLocalApiServer() throws Exception {
        Map<String, byte[]> files = ControlPlaneFiles.of("workshop", issue());
        assertThat(files).containsKeys("pki/ca.crt", "pki/ca.key", "pki/apiserver.crt", "pki/apiserver.key",
                "pki/sa.pub", "pki/sa.key", "pki/front-proxy-ca.crt", "pki/front-proxy-client.key",
                "pki/apiserver-kubelet-client.crt", "controller-manager.conf", "scheduler.conf", "admin.conf");
        assertThat(new String(files.get("pki/ca.key"))).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(new String(files.get("pki/sa.pub"))).startsWith("-----BEGIN PUBLIC KEY-----");
        String scheduler = new String(files.get("scheduler.conf"));
        assertThat(scheduler).contains("server: \"https://127.0.0.1:6443\"").contains("current-context: \"workshop\"")
                .contains("client-certificate-data:").contains("certificate-authority-data:");
    }
}
