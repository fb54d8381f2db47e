package dev.hearth.agent.plan;

import dev.hearth.protocol.ClusterConfig;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Map;

/**
 * The kube-proxy DaemonSet a cluster with a container node gets (docs/container-node.md, "kube-proxy off
 * the Wasm nodes"). Its affinity keeps kube-proxy off the WASI node, which has neither iptables nor
 * containers: by default the one issue 12 gives, or the cluster's
 * {@code controlPlaneConfiguration.kubeProxy.affinity}, which replaces it whole (the backend validated it).
 */
public final class KubeProxyDaemonSet {

    static final String NAME = "kube-proxy";
    static final String NAMESPACE = "kube-system";
    /** The architectures Krustlet-style nodes register with (docs/wasm-node.md). */
    static final List<String> WASM_ARCHITECTURES = List.of("wasm32-wasi", "wasm32-wascc");

    /** Issue 12's affinity: every node whose {@code kubernetes.io/arch} is not a Wasm one. */
    public static final Affinity DEFAULT_AFFINITY = new AffinityBuilder()
            .withNewNodeAffinity()
            .withNewRequiredDuringSchedulingIgnoredDuringExecution()
            .addNewNodeSelectorTerm()
            .addNewMatchExpression().withKey("kubernetes.io/arch").withOperator("NotIn").withValues(WASM_ARCHITECTURES)
            .endMatchExpression()
            .endNodeSelectorTerm()
            .endRequiredDuringSchedulingIgnoredDuringExecution()
            .endNodeAffinity()
            .build();

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private KubeProxyDaemonSet() {
    }

    /** The affinity {@code config} asks for, or the default. */
    public static Affinity affinity(ClusterConfig config) {
        return config.kubeProxyAffinity() == null ? DEFAULT_AFFINITY
                : SERIALIZATION.unmarshal(config.kubeProxyAffinity(), Affinity.class);
    }

    /**
     * The DaemonSet for a cluster with {@code config}, running {@code image} (the multi-call binary as
     * kube-proxy, from the host registry's shared repositories: no image is pulled from outside).
     */
    public static DaemonSet of(ClusterConfig config, String image) {
        Map<String, String> labels = Map.of("k8s-app", NAME);
        return new DaemonSetBuilder()
                .withNewMetadata().withName(NAME).withNamespace(NAMESPACE).withLabels(labels).endMetadata()
                .withNewSpec()
                .withNewSelector().withMatchLabels(labels).endSelector()
                .withNewTemplate()
                .withNewMetadata().withLabels(labels).endMetadata()
                .withNewSpec()
                .withAffinity(affinity(config))
                .withServiceAccountName(NAME)
                .withHostNetwork(true)
                .withPriorityClassName("system-node-critical")
                .addNewContainer()
                .withName(NAME)
                .withImage(image)
                // In-cluster credentials: its service account, bound to system:node-proxier.
                .withCommand("kube-proxy", "--hostname-override=$(NODE_NAME)")
                .withEnv(new EnvVarBuilder().withName("NODE_NAME").withNewValueFrom().withNewFieldRef()
                        .withFieldPath("spec.nodeName").endFieldRef().endValueFrom().build())
                // iptables needs it; privileged only inside the node's user namespace (docs/container-node.md,
                // "Isolation"), which is what makes handing it out safe.
                .withNewSecurityContext().withPrivileged(true).endSecurityContext()
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }
}
