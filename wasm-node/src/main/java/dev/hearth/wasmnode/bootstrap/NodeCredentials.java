package dev.hearth.wasmnode.bootstrap;

import dev.hearth.kit.pem.Pem;
import io.fabric8.kubernetes.api.model.AuthInfo;
import io.fabric8.kubernetes.api.model.AuthInfoBuilder;
import io.fabric8.kubernetes.api.model.Cluster;
import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * The node's own identity, {@code system:node:<name>}: its client certificate and key, and the API
 * server with the CA it trusts — what its kubeconfig holds.
 *
 * @param server the API server URL
 * @param caPem the cluster CA, PEM
 * @param keys the node's client key pair
 * @param certificatePem the issued client certificate (chain), PEM
 */
public record NodeCredentials(String server, String caPem, KeyPair keys, String certificatePem) {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    public X509Certificate certificate() {
        return Pem.readCertificates(certificatePem).getFirst();
    }

    /** The cluster CA: kubelet API clients (the API server) must present a certificate it issued. */
    public List<X509Certificate> clusterCa() {
        return Pem.readCertificates(caPem);
    }

    /** Usable for {@code user} until a minute before it expires, so a request never races the expiry. */
    public boolean validFor(String nodeName, Instant now) {
        X509Certificate certificate = certificate();
        return certificate.getSubjectX500Principal().getName().contains("CN=system:node:" + nodeName)
                && certificate.getNotAfter().toInstant().isAfter(now.plusSeconds(60))
                && !certificate.getNotBefore().toInstant().isAfter(now.plusSeconds(300));
    }

    /** The kubeconfig the node keeps in its state directory (kubectl can use it too). */
    public String toKubeconfig() {
        AuthInfo user = new AuthInfoBuilder()
                .withClientCertificateData(NodeKubeconfig.base64(certificatePem))
                .withClientKeyData(NodeKubeconfig.base64(Pem.sec1PrivateKey(keys)))
                .build();
        return NodeKubeconfig.render(server, caPem, user);
    }

    /** Reads back what {@link #toKubeconfig()} wrote. */
    public static NodeCredentials fromKubeconfig(String yaml) {
        Config config = SERIALIZATION.unmarshal(yaml, Config.class);
        Cluster cluster = config.getClusters().getFirst().getCluster();
        AuthInfo user = config.getUsers().getFirst().getUser();
        return new NodeCredentials(cluster.getServer(), decode(cluster.getCertificateAuthorityData()),
                Pem.readKeyPair(decode(user.getClientKeyData())), decode(user.getClientCertificateData()));
    }

    /** A fabric8 client configuration acting as this node. */
    public io.fabric8.kubernetes.client.Config clientConfig() {
        return new ConfigBuilder(io.fabric8.kubernetes.client.Config.empty())
                .withMasterUrl(server)
                .withCaCertData(NodeKubeconfig.base64(caPem))
                .withClientCertData(NodeKubeconfig.base64(certificatePem))
                .withClientKeyData(NodeKubeconfig.base64(Pem.sec1PrivateKey(keys)))
                .withClientKeyAlgo("EC")
                .build();
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.US_ASCII);
    }
}
