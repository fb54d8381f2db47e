package dev.hearth.backend.cluster;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A cluster's admin credentials as Hearth keeps them: the API server's URL, the cluster CA, and the
 * admin client certificate and key — nothing else. A kubeconfig from an agent is untrusted (a hostile
 * host could add a {@code users[].user.exec} plugin, which fabric8's {@code Config.fromKubeconfig}
 * runs, or point at any server), so it is read field by field into this record, anything beyond these
 * four is refused, and the kubeconfig stored, served and used is always {@link #yaml rebuilt} from
 * it; the backend's clients are {@link #clientConfig built} from it too (docs/security.md, "Worker
 * agents and hosts").
 *
 * @param server the API server, {@code https://host:port}
 * @param caPem the cluster CA's certificate, PEM
 * @param clientCertificatePem the admin client certificate, PEM
 * @param clientKeyPem the admin client key, PEM
 * @param tlsServerName the name to send as SNI and verify the serving certificate against, when the server
 *        is a shared endpoint (a DNS name; kubectl honours it, fabric8's client has no such setting)
 */
public record ClusterKubeconfig(URI server, String caPem, String clientCertificatePem, String clientKeyPem,
        Optional<String> tlsServerName) {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    /** What a cluster entry and a user entry may hold; everything else (exec, auth-provider, token, files…) is refused. */
    private static final Set<String> CLUSTER_FIELDS = Set.of("server", "certificate-authority-data", "tls-server-name");
    private static final Pattern DNS_NAME = Pattern.compile("(?=.{1,253}$)[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*");
    private static final Set<String> USER_FIELDS = Set.of("client-certificate-data", "client-key-data");
    private static final Set<String> TOP_FIELDS = Set.of("apiVersion", "kind", "clusters", "users", "contexts",
            "current-context", "preferences");
    private static final Pattern PRIVATE_KEY = Pattern.compile(
            "-----BEGIN (EC |RSA )?PRIVATE KEY-----[A-Za-z0-9+/=\\s]+-----END (EC |RSA )?PRIVATE KEY-----\\s*");
    private static final String ADMIN = "admin";
    private static final int MAX_CERTIFICATES = 8;

    /** A kubeconfig outside what Hearth accepts; the message says which part. */
    public static final class UntrustedKubeconfigException extends IllegalArgumentException {

        public UntrustedKubeconfigException(String message) {
            super(message);
        }
    }

    /**
     * Reads an untrusted kubeconfig: one cluster with {@code server} and {@code certificate-authority-data},
     * one user with {@code client-certificate-data} and {@code client-key-data}, each a well-formed PEM.
     * Never runs, reads or fetches anything it names.
     *
     * @throws UntrustedKubeconfigException when it holds anything else or the parts do not fit together
     */
    public static ClusterKubeconfig parse(String kubeconfig) {
        JsonNode root;
        try {
            root = kubeconfig == null ? null : YAML.readTree(kubeconfig);
        } catch (JacksonException e) {
            throw new UntrustedKubeconfigException("not YAML: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new UntrustedKubeconfigException("not a kubeconfig");
        }
        onlyFields(root, TOP_FIELDS, "the kubeconfig");
        JsonNode cluster = only(root, "clusters", "cluster", CLUSTER_FIELDS);
        JsonNode user = only(root, "users", "user", USER_FIELDS);
        URI server = server(text(cluster, "server"));
        String ca = decodePem(text(cluster, "certificate-authority-data"), "certificate-authority-data");
        String certificate = decodePem(text(user, "client-certificate-data"), "client-certificate-data");
        String key = decodePem(text(user, "client-key-data"), "client-key-data");
        if (!PRIVATE_KEY.matcher(key).matches()) {
            throw new UntrustedKubeconfigException("client-key-data is not one PEM private key");
        }
        // A CA bundle may hold a few (a serving chain, a rotated CA); the client certificate is one, or its chain.
        certificates(ca, "certificate-authority-data");
        certificates(certificate, "client-certificate-data");
        Optional<String> serverName = Optional.empty();
        if (cluster.has("tls-server-name")) {
            String name = text(cluster, "tls-server-name");
            if (!DNS_NAME.matcher(name).matches()) {
                throw new UntrustedKubeconfigException("tls-server-name must be a DNS name, got " + name);
            }
            serverName = Optional.of(name);
        }
        return new ClusterKubeconfig(server, ca, certificate, key, serverName);
    }

    /** The kubeconfig a participant downloads and kubectl reads, naming cluster and context {@code name}. */
    public String yaml(String name) {
        var config = new ConfigBuilder()
                .withApiVersion("v1")
                .withKind("Config")
                .addNewCluster()
                    .withName(name)
                    .withNewCluster()
                        .withServer(server.toString())
                        .withCertificateAuthorityData(base64(caPem))
                        .withTlsServerName(tlsServerName.orElse(null))
                    .endCluster()
                .endCluster()
                .addNewUser()
                    .withName(ADMIN)
                    .withNewUser()
                        .withClientCertificateData(base64(clientCertificatePem))
                        .withClientKeyData(base64(clientKeyPem))
                    .endUser()
                .endUser()
                .addNewContext()
                    .withName(name)
                    .withNewContext()
                        .withCluster(name)
                        .withUser(ADMIN)
                    .endContext()
                .endContext()
                .withCurrentContext(name)
                .build();
        return SERIALIZATION.asYaml(config);
    }

    /**
     * A fabric8 client configuration of exactly these credentials. Starts from {@link Config#empty()}: the
     * default constructor would merge in the backend's own environment (~/.kube/config, service account).
     */
    public Config clientConfig() {
        return new io.fabric8.kubernetes.client.ConfigBuilder(Config.empty())
                .withMasterUrl(server.toString())
                .withCaCertData(base64(caPem))
                .withClientCertData(base64(clientCertificatePem))
                .withClientKeyData(base64(clientKeyPem))
                // fabric8 reads a PKCS #8 "PRIVATE KEY" block as the algorithm given here.
                .withClientKeyAlgo(clientKeyPem.contains("BEGIN EC PRIVATE KEY") ? "EC" : "RSA")
                .build();
    }

    /** Leaves the key out: records print their components, and this one holds a private key. */
    @Override
    public String toString() {
        return "ClusterKubeconfig[server=" + server + "]";
    }

    private static JsonNode only(JsonNode root, String list, String entry, Set<String> allowed) {
        JsonNode items = root.get(list);
        if (items == null || !items.isArray() || items.size() != 1) {
            throw new UntrustedKubeconfigException("the kubeconfig must name exactly one entry in " + list);
        }
        JsonNode inner = items.get(0).get(entry);
        if (inner == null || !inner.isObject()) {
            throw new UntrustedKubeconfigException(list + "[0] has no " + entry);
        }
        onlyFields(inner, allowed, list + "[0]." + entry);
        return inner;
    }

    private static void onlyFields(JsonNode node, Set<String> allowed, String where) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new UntrustedKubeconfigException(where + " may not hold '" + name + "'");
            }
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new UntrustedKubeconfigException(field + " is missing");
        }
        return value.asText();
    }

    private static URI server(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new UntrustedKubeconfigException("server is not a URL: " + e.getReason());
        }
        if (!"https".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() <= 0
                || uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null
                || !(uri.getRawPath() == null || uri.getRawPath().isEmpty() || "/".equals(uri.getRawPath()))) {
            throw new UntrustedKubeconfigException("server must be https://host:port, got " + text);
        }
        return URI.create("https://" + uri.getRawAuthority());
    }

    private static String decodePem(String base64, String field) {
        try {
            return new String(Base64.getDecoder().decode(base64.strip()), StandardCharsets.US_ASCII);
        } catch (IllegalArgumentException e) {
            throw new UntrustedKubeconfigException(field + " is not base64");
        }
    }

    private static void certificates(String pem, String field) {
        try {
            var certificates = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
            if (certificates.isEmpty() || certificates.size() > MAX_CERTIFICATES) {
                throw new UntrustedKubeconfigException(field + " must hold 1 to " + MAX_CERTIFICATES + " PEM certificates");
            }
        } catch (GeneralSecurityException e) {
            throw new UntrustedKubeconfigException(field + " is not a PEM certificate");
        }
    }

    private static String base64(String pem) {
        return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII));
    }
}
