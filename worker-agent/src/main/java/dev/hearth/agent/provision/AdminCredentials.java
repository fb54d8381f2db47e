package dev.hearth.agent.provision;

import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.ConfigBuilder;
import io.fabric8.kubernetes.api.model.NamedCluster;
import io.fabric8.kubernetes.api.model.NamedClusterBuilder;
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
import java.util.List;
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
 * A cluster's admin kubeconfig as the control-plane container keeps it ({@code /etc/kubernetes/admin.conf},
 * naming the API server inside the container), whether the agent just issued it or read it back after
 * a restart. Everything the agent needs to reach the cluster derives from it.
 *
 * @param kubeconfig the kubeconfig YAML with embedded CA, client certificate and key
 */
record AdminCredentials(String kubeconfig) {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    /** The same kubeconfig naming {@code server} instead, e.g. the published port at the advertise address. */
    String kubeconfigFor(URI server) {
        return kubeconfigFor(server, Optional.empty());
    }

    /**
     * The same kubeconfig naming {@code server}, and — when given — the TLS server name kubectl sends
     * as SNI and checks the serving certificate against (the host endpoint's route to this cluster).
     */
    String kubeconfigFor(URI server, Optional<String> tlsServerName) {
        Config config = parse();
        List<NamedCluster> clusters = config.getClusters().stream()
                .map(named -> new NamedClusterBuilder(named).editCluster().withServer(server.toString())
                        .withTlsServerName(tlsServerName.orElse(null)).endCluster().build())
                .toList();
        return SERIALIZATION.asYaml(new ConfigBuilder(config).withClusters(clusters).build());
    }

    /** The cluster CA's certificate, PEM: two kubeconfigs with equal CAs belong to the same cluster. */
    String caPem() {
        return decode(parse().getClusters().getFirst().getCluster().getCertificateAuthorityData());
    }

    /** TLS that trusts only the cluster's CA and presents the admin client certificate. */
    SSLContext sslContext() {
        var user = parse().getUsers().getFirst().getUser();
        try {
            X509Certificate ca = certificate(caPem());
            X509Certificate client = certificate(decode(user.getClientCertificateData()));
            PrivateKey key = privateKey(decode(user.getClientKeyData()));

            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", ca);
            KeyStore identity = KeyStore.getInstance("PKCS12");
            identity.load(null, null);
            char[] password = new char[0];
            identity.setKeyEntry("admin", key, password, new X509Certificate[] {client});

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

    private Config parse() {
        Config config = SERIALIZATION.unmarshal(kubeconfig, Config.class);
        if (config == null || config.getClusters() == null || config.getClusters().isEmpty()
                || config.getUsers() == null || config.getUsers().isEmpty()) {
            throw new IllegalStateException("the admin kubeconfig names no cluster or no user");
        }
        return config;
    }

    private static String decode(String base64) {
        if (base64 == null) {
            throw new IllegalStateException("the admin kubeconfig lacks embedded certificate data");
        }
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.US_ASCII);
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

    /** Leaves the key material out: records print their components, and this one holds a private key. */
    @Override
    public String toString() {
        return "AdminCredentials[(" + kubeconfig.length() + " chars)]";
    }
}
