package dev.hearth.agent.pki;

import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.ConfigBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** Renders kubeconfig files with embedded credentials, as `kubectl config view --raw` prints them. */
public final class Kubeconfigs {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private Kubeconfigs() {
    }

    /**
     * @param contextName the name kubectl shows for the cluster and context (the cluster's name)
     * @param server the API server URL this kubeconfig is for
     */
    public static String render(String contextName, URI server, IssuedCertificate ca, String userName,
            IssuedCertificate user) {
        return render(contextName, server, ca.certificatePem(), userName, user.certificatePem(), user.kubeconfigKeyPem());
    }

    /**
     * The same from PEM text: a kubeconfig holding exactly a server, a CA and a client certificate and key —
     * nothing that makes a client run a program or read a file.
     */
    public static String render(String contextName, URI server, String caPem, String userName, String certificatePem,
            String keyPem) {
        return render(contextName, server, Optional.empty(), caPem, userName, certificatePem, keyPem);
    }

    /**
     * The same with the TLS server name kubectl sends as SNI and checks the serving certificate
     * against, when the server is a host's endpoint that routes by it.
     */
    public static String render(String contextName, URI server, Optional<String> tlsServerName, String caPem,
            String userName, String certificatePem, String keyPem) {
        Config config = new ConfigBuilder()
                .withApiVersion("v1")
                .withKind("Config")
                .addNewCluster()
                    .withName(contextName)
                    .withNewCluster()
                        .withServer(server.toString())
                        .withTlsServerName(tlsServerName.orElse(null))
                        .withCertificateAuthorityData(base64(caPem))
                    .endCluster()
                .endCluster()
                .addNewUser()
                    .withName(userName)
                    .withNewUser()
                        .withClientCertificateData(base64(certificatePem))
                        .withClientKeyData(base64(keyPem))
                    .endUser()
                .endUser()
                .addNewContext()
                    .withName(contextName)
                    .withNewContext()
                        .withCluster(contextName)
                        .withUser(userName)
                    .endContext()
                .endContext()
                .withCurrentContext(contextName)
                .build();
        return SERIALIZATION.asYaml(config);
    }

    private static String base64(String pem) {
        return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII));
    }
}
