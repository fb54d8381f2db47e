package dev.hearth.wasmnode.bootstrap;

import io.fabric8.kubernetes.api.model.AuthInfo;
import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.ConfigBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Renders kubeconfig files for the node: its bootstrap one and the one with its own client certificate. */
final class NodeKubeconfig {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final String NAME = "hearth";

    private NodeKubeconfig() {}

    static String render(String server, String caPem, AuthInfo user) {
        Config config = new ConfigBuilder()
                .withApiVersion("v1")
                .withKind("Config")
                .addNewCluster()
                    .withName(NAME)
                    .withNewCluster().withServer(server).withCertificateAuthorityData(base64(caPem)).endCluster()
                .endCluster()
                .addNewContext()
                    .withName(NAME)
                    .withNewContext().withCluster(NAME).withUser(NAME).endContext()
                .endContext()
                .addNewUser().withName(NAME).withUser(user).endUser()
                .withCurrentContext(NAME)
                .build();
        return SERIALIZATION.asYaml(config);
    }

    static String base64(String pem) {
        return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII));
    }
}
