package dev.hearth.agent.provision;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.util.List;

/**
 * Nodes can join as kubeadm lets kubelets join: a bootstrap token (a Secret in kube-system, see
 * https://kubernetes.io/docs/reference/access-authn-authz/bootstrap-tokens/) and the three
 * ClusterRoleBindings kubeadm creates, so a node may submit CSRs and have its client certificates
 * approved by the controller manager.
 */
final class ConfigureNodeBootstrap implements Step {

    static final String TOKEN_LABEL = "dev.hearth.bootstrap-token";
    static final String EXTRA_GROUP = "system:bootstrappers:hearth";
    @Override
    public String title() {
        return "Creating bootstrap token and node RBAC";
    }

    @Override
    public String action() {
        return "create the bootstrap token and node RBAC";
    }

    @Override
    public void run(ProvisionContext context) {
        KubernetesClient kubernetes = context.kubernetes();
        ensureToken(kubernetes, BootstrapToken.derivedFrom(context.credentials()));
        for (ClusterRoleBinding binding : List.of(
                binding("hearth:kubelet-bootstrap", "system:node-bootstrapper", "system:bootstrappers"),
                binding("hearth:node-autoapprove-bootstrap",
                        "system:certificates.k8s.io:certificatesigningrequests:nodeclient", "system:bootstrappers"),
                binding("hearth:node-autoapprove-certificate-rotation",
                        "system:certificates.k8s.io:certificatesigningrequests:selfnodeclient", "system:nodes"))) {
            kubernetes.rbac().clusterRoleBindings().resource(binding).forceConflicts().serverSideApply();
        }
    }

    /**
     * The cluster's token Secret, derived from its credentials ({@link BootstrapToken}); creating it
     * again finds it there. Clusters made by earlier agents also hold a random labelled token, which
     * stays valid for nodes that joined with it.
     */
    private static void ensureToken(KubernetesClient kubernetes, BootstrapToken token) {
        Secret secret = new SecretBuilder()
                .withNewMetadata()
                    .withName("bootstrap-token-" + token.id())
                    .withNamespace("kube-system")
                    .addToLabels(TOKEN_LABEL, "true")
                .endMetadata()
                .withType("bootstrap.kubernetes.io/token")
                .addToStringData("description", "Hearth: WASI nodes of this cluster join with it")
                .addToStringData("token-id", token.id())
                .addToStringData("token-secret", token.secret())
                .addToStringData("usage-bootstrap-authentication", "true")
                .addToStringData("usage-bootstrap-signing", "true")
                .addToStringData("auth-extra-groups", EXTRA_GROUP)
                .build();
        try {
            kubernetes.secrets().inNamespace("kube-system").resource(secret).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                throw e;
            }
            // Made by an earlier run: derived from the same credentials, so it is this very token.
        }
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


}
