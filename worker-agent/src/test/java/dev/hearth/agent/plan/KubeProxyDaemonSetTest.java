package dev.hearth.agent.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.protocol.ClusterConfig;
import dev.hearth.protocol.FeatureGates;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KubeProxyDaemonSetTest {

    private static final String IMAGE = "hearth-registry:5000/kube-proxy:v1.36.3";

    @Test
    void byDefaultKubeProxyStaysOffBothWasmArchitectures() {
        DaemonSet daemonSet = KubeProxyDaemonSet.of(ClusterConfig.DEFAULTS, IMAGE);

        NodeSelectorRequirement requirement = daemonSet.getSpec().getTemplate().getSpec().getAffinity().getNodeAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms().getFirst()
                .getMatchExpressions().getFirst();
        assertThat(requirement.getKey()).isEqualTo("kubernetes.io/arch");
        assertThat(requirement.getOperator()).isEqualTo("NotIn");
        assertThat(requirement.getValues()).containsExactly("wasm32-wasi", "wasm32-wascc");
        assertThat(daemonSet.getMetadata().getNamespace()).isEqualTo("kube-system");
        assertThat(daemonSet.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage()).isEqualTo(IMAGE);
    }

    @Test
    void aConfiguredAffinityReplacesTheDefaultWhole() {
        String configured = "{\"nodeAffinity\":{\"preferredDuringSchedulingIgnoredDuringExecution\":[{\"weight\":50,"
                + "\"preference\":{\"matchExpressions\":[{\"key\":\"example.com/pool\",\"operator\":\"In\","
                + "\"values\":[\"containers\"]}]}}]}}";
        var config = new ClusterConfig(FeatureGates.DEFAULTS, Map.of(), configured);

        Affinity affinity = KubeProxyDaemonSet.of(config, IMAGE).getSpec().getTemplate().getSpec().getAffinity();

        assertThat(affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()).isNull();
        var preferred = affinity.getNodeAffinity().getPreferredDuringSchedulingIgnoredDuringExecution().getFirst();
        assertThat(preferred.getWeight()).isEqualTo(50);
        assertThat(preferred.getPreference().getMatchExpressions().getFirst().getValues()).containsExactly("containers");
    }
}
