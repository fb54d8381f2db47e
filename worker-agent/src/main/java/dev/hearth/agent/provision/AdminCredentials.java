package dev.hearth.agent.provision;

import dev.hearth.agent.pki.Kubeconfigs;
import io.fabric8.kubernetes.api.model.AuthInfo;
import io.fabric8.kubernetes.api.model.Cluster;
import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * A cluster's admin credentials as the control-plane container keeps them ({@code /etc/kubernetes/admin.conf}),
 * whether the agent just issued them or read them back after a restart. Read back, the file is not trusted
 * (docs/security.md, "Worker agents and hosts"): only its CA certificate and admin client certificate and
 * key are taken, the certificate must be issued by that CA, and every kubeconfig and client the agent
 * makes is built from those three alone — an {@code exec} plugin, a token, a file path or a server
 * written into the file is never used.
 *
 * @param kubeconfig the admin.conf text (also the key the bootstrap token is derived from)
 */
record AdminCredentials(String kubeconfig) {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final String ADMIN = "hearth-admin";

    AdminCredentials {
        new Material(kubeconfig); // refuses what does not hold a CA, a certificate it issued and a key
    }

    /** A kubeconfig naming {@code server} (e.g. the published port at the advertise address), cluster and context {@code name}. */
    String kubeconfigFor(String name, URI server) {
        return kubeconfigFor(name, server, Optional.empty());
    }

    /**
     * The same, and — when given — the TLS server name kubectl sends as SNI and checks the serving
     * certificate against (the host endpoint's route to this cluster).
     */
    String kubeconfigFor(String name, URI server, Optional<String> tlsServerName) {
        Material material = new Material(kubeconfig);
        return Kubeconfigs.render(name, server, tlsServerName, material.caPem, ADMIN, material.certificatePem, material.keyPem);
    }

    /** A fabric8 client configuration of the admin at {@code server}, from nothing but the CA, certificate and key. */
    io.fabric8.kubernetes.client.Config clientConfig(URI server) {
        Material material = new Material(kubeconfig);
        // Config.empty(): the default would merge in the agent's own environment (~/.kube/config).
        return new ConfigBuilder(io.fabric8.kubernetes.client.Config.empty())
                .withMasterUrl(server.toString())
                .withCaCertData(base64(material.caPem))
                .withClientCertData(base64(material.certificatePem))
                .withClientKeyData(base64(material.keyPem))
                .withClientKeyAlgo("EC")
                .withRequestTimeout(10_000)
                .withConnectionTimeout(5_000)
                .build();
    }

    /** The cluster CA's certificate, PEM: two kubeconfigs with equal CAs belong to the same cluster. */
    String caPem() {
        return new Material(kubeconfig).caPem;
    }

    /** TLS that trusts only the cluster's CA and presents the admin client certificate. */
    SSLContext sslContext() {
        Material material = new Material(kubeconfig);
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", material.ca);
            KeyStore identity = KeyStore.getInstance("PKCS12");
            identity.load(null, null);
            char[] password = new char[0];
            identity.setKeyEntry("admin", material.key, password, new X509Certificate[] {material.certificate});

            var trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trust);
            var keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(identity, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("the admin kubeconfig's credentials are unusable: " + e.getMessage(), e);
        }
    }

    /** Leaves the key material out: records print their components, and this one holds a private key. */
    @Override
    public String toString() {
        return "AdminCredentials[(" + kubeconfig.length() + " chars)]";
    }

    /** The three parts taken from admin.conf, checked to fit together. */
    private static final class Material {

        final String caPem;
        final String certificatePem;
        final String keyPem;
        final X509Certificate ca;
        final X509Certificate certificate;
        final PrivateKey key;

        Material(String kubeconfig) {
            Config config = SERIALIZATION.unmarshal(kubeconfig, Config.class);
            if (config == null || config.getClusters() == null || config.getClusters().isEmpty()
                    || config.getUsers() == null || config.getUsers().isEmpty()) {
                throw new IllegalStateException("the admin kubeconfig names no cluster or no user");
            }
            Cluster cluster = config.getClusters().getFirst().getCluster();
            AuthInfo user = config.getUsers().getFirst().getUser();
            if (cluster == null || user == null) {
                throw new IllegalStateException("the admin kubeconfig names no cluster or no user");
            }
            caPem = decode(cluster.getCertificateAuthorityData());
            certificatePem = decode(user.getClientCertificateData());
            keyPem = decode(user.getClientKeyData());
            try {
                ca = certificate(caPem);
                certificate = certificate(certificatePem);
                key = privateKey(keyPem);
                // Issued by the cluster's own CA, or it is not this cluster's admin at all.
                certificate.verify(ca.getPublicKey());
            } catch (IOException | GeneralSecurityException | ClassCastException e) {
                throw new IllegalStateException("the admin kubeconfig's credentials are unusable: " + e.getMessage(), e);
            }
        }
    }

    private static String decode(String base64) {
        if (base64 == null) {
            throw new IllegalStateException("the admin kubeconfig lacks embedded certificate data");
        }
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.US_ASCII);
    }

    private static String base64(String pem) {
        return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII));
    }

    private static X509Certificate certificate(String pem) throws IOException, GeneralSecurityException {
        try (var parser = new PEMParser(new StringReader(pem))) {
            return new JcaX509CertificateConverter().getCertificate((X509CertificateHolder) parser.readObject());
        }
    }

    private static PrivateKey privateKey(String pem) throws IOException {
        try (var parser = new PEMParser(new StringReader(pem))) {
            Object key = parser.readObject();
            var converter = new JcaPEMKeyConverter();
            return key instanceof PEMKeyPair pair
                    ? converter.getPrivateKey(pair.getPrivateKeyInfo())
                    : converter.getPrivateKey((PrivateKeyInfo) key);
        }
    }
}
