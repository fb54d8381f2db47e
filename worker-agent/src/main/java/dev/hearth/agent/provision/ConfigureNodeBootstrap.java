package dev.hearth.agent.provision;

import dev.hearth.agent.plan.ProvisionStep;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Nodes can join as kubeadm lets kubelets join: a bootstrap token (a Secret in kube-system, see
 * https://kubernetes.io/docs/reference/access-authn-authz/bootstrap-tokens/) and the three
 * ClusterRoleBindings kubeadm creates, so a node may submit CSRs and have its client certificates
 * approved by the controller manager.
 */
final class ConfigureNodeBootstrap implements Step {

    static final String TOKEN_LABEL = "dev.hearth.bootstrap-token";
    static final String EXTRA_GROUP = "system:bootstrappers:hearth";
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

    private final SecureRandom random;

    ConfigureNodeBootstrap(SecureRandom random) {
        this.random = random;
    }

    @Override
    public ProvisionStep name() {
        return ProvisionStep.CONFIGURE_NODE_BOOTSTRAP;
    }

    @Override
    public void run(ProvisionContext context) {
        KubernetesClient kubernetes = context.kubernetes();
        context.bootstrapToken(token(kubernetes));
        for (ClusterRoleBinding binding : List.of(
                binding("hearth:kubelet-bootstrap", "system:node-bootstrapper", "system:bootstrappers"),
                binding("hearth:node-autoapprove-bootstrap",
                        "system:certificates.k8s.io:certificatesigningrequests:nodeclient", "system:bootstrappers"),
                binding("hearth:node-autoapprove-certificate-rotation",
                        "system:certificates.k8s.io:certificatesigningrequests:selfnodeclient", "system:nodes"))) {
            kubernetes.rbac().clusterRoleBindings().resource(binding).forceConflicts().serverSideApply();
        }
    }

    /** The cluster's token, made once: a second run finds it by label and hands out the same one. */
    private String token(KubernetesClient kubernetes) {
        var existing = kubernetes.secrets().inNamespace("kube-system").withLabel(TOKEN_LABEL, "true").list().getItems();
        if (!existing.isEmpty()) {
            Map<String, String> data = existing.getFirst().getData();
            return decode(data.get("token-id")) + "." + decode(data.get("token-secret"));
        }
        String id = random(6);
        String secret = random(16);
        Secret token = new SecretBuilder()
                .withNewMetadata()
                    .withName("bootstrap-token-" + id)
                    .withNamespace("kube-system")
                    .addToLabels(TOKEN_LABEL, "true")
                .endMetadata()
                .withType("bootstrap.kubernetes.io/token")
                .addToStringData("description", "Hearth: WASI nodes of this cluster join with it")
                .addToStringData("token-id", id)
                .addToStringData("token-secret", secret)
                .addToStringData("usage-bootstrap-authentication", "true")
                .addToStringData("usage-bootstrap-signing", "true")
                .addToStringData("auth-extra-groups", EXTRA_GROUP)
                .build();
        kubernetes.secrets().inNamespace("kube-system").resource(token).create();
        return id + "." + secret;
    }

    private static ClusterRoleBinding binding(String name, String clusterRole, String group) {
        return new ClusterRoleBindingBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewRoleRef()
                    .withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole").withName(clusterRole)
                .endRoleRef()
                .addNewSubject().withApiGroup("rbac.authorization.k8s.io").withKind("Group").withName(group).endSubject()
                .build();
    }

    private String random(int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return text.toString();
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.US_ASCII);
    }
}
