package dev.hearth.wasmnode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hearth.wasmnode.volume.VolumeLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The environment the worker agent's NodePlanner gives the hearth-<c>-wasi container. */
class NodeSettingsTest {

    @Test
    void readsWhatTheAgentPassesInItsTextForms() {
        NodeSettings settings = NodeSettings.fromEnvironment(Map.of(
                "HEARTH_NODE_NAME", "demo-wasi",
                "HEARTH_API_SERVER", "https://hearth-c42-control-plane:6443",
                "HEARTH_INSECURE_REGISTRIES", "hearth-registry:5000",
                "HEARTH_REGISTRY_MIRRORS", "docker.io=https://mirror.example,ghcr.io=https://ghcr.example")::get);

        assertThat(settings.nodeName()).isEqualTo("demo-wasi");
        assertThat(settings.apiServer()).contains("https://hearth-c42-control-plane:6443");
        assertThat(settings.insecureRegistries()).containsExactly("hearth-registry:5000");
        assertThat(settings.registryMirrors()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "docker.io", "https://mirror.example", "ghcr.io", "https://ghcr.example"));
        assertThat(settings.stateDir()).isEqualTo(Path.of("/var/lib/hearth/wasm-node"));
        assertThat(settings.bootstrapKubeconfig()).isEqualTo(Path.of("/var/lib/hearth/wasm-node/bootstrap-kubeconfig"));
        assertThat(settings.kubeletPort()).isEqualTo(10250);
        assertThat(settings.leaseRenewInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.crashLoop().delay(1)).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.crashLoop().delay(9)).isEqualTo(Duration.ofSeconds(300));
        assertThat(settings.tokenRefreshFraction()).as("as the kubelet").isEqualTo(0.8);
    }

    @Test
    void podsVolumesLieApartFromTheStateAndAreBounded() {
        NodeSettings defaults = NodeSettings.fromEnvironment(Map.of("HEARTH_NODE_NAME", "n", "HEARTH_MAX_PODS", "12")::get);
        NodeSettings set = NodeSettings.fromEnvironment(Map.of("HEARTH_NODE_NAME", "n", "HEARTH_MAX_MODULES", "5",
                "HEARTH_EMPTY_DIR_LIMIT", "16Mi", "HEARTH_PODS_STORAGE_LIMIT", "1Gi", "HEARTH_PODS_DIR", "/srv/pods")::get);

        assertThat(defaults.podsDir()).isEqualTo(Path.of("/var/lib/hearth/wasm-pods"));
        assertThat(defaults.maxModules()).as("one module per pod by default").isEqualTo(12);
        assertThat(defaults.volumeLimits()).isEqualTo(VolumeLimits.DEFAULT);
        assertThat(set.podsDir()).isEqualTo(Path.of("/srv/pods"));
        assertThat(set.maxModules()).isEqualTo(5);
        assertThat(set.volumeLimits()).isEqualTo(new VolumeLimits(16L << 20, 1L << 30));
        for (String podsDir : List.of("/var/lib/hearth/wasm-node/pods", "/var/lib/hearth", "/var/lib/hearth/wasm-node")) {
            assertThatThrownBy(() -> NodeSettings.fromEnvironment(Map.of("HEARTH_NODE_NAME", "n", "HEARTH_PODS_DIR", podsDir)::get))
                    .as(podsDir).hasMessageContaining("HEARTH_PODS_DIR").hasMessageContaining("outside HEARTH_STATE_DIR");
        }
        assertThatThrownBy(() -> NodeSettings.fromEnvironment(Map.of("HEARTH_NODE_NAME", "n", "HEARTH_EMPTY_DIR_LIMIT", "lots")::get))
                .hasMessageContaining("HEARTH_EMPTY_DIR_LIMIT");
    }

    @Test
    void aMissingOrMalformedVariableIsNamed() {
        assertThatThrownBy(() -> NodeSettings.fromEnvironment(Map.<String, String>of()::get))
                .hasMessageContaining("HEARTH_NODE_NAME");
        assertThatThrownBy(() -> NodeSettings.fromEnvironment(Map.of("HEARTH_NODE_NAME", "n",
                "HEARTH_KUBELET_PORT", "ten")::get)).hasMessageContaining("HEARTH_KUBELET_PORT");
        assertThatThrownBy(() -> NodeSettings.fromEnvironment(Map.of("HEARTH_NODE_NAME", "n",
                "HEARTH_REGISTRY_MIRRORS", "docker.io")::get)).hasMessageContaining("HEARTH_REGISTRY_MIRRORS");
        assertThatThrownBy(() -> NodeSettings.fromEnvironment(Map.of("HEARTH_NODE_NAME", "n",
                "HEARTH_TOKEN_REFRESH_FRACTION", "1.5")::get))
                .hasMessage("HEARTH_TOKEN_REFRESH_FRACTION must be a number between 0 and 1, got '1.5'");
        assertThat(NodeSettings.fromEnvironment(Map.of("HEARTH_NODE_NAME", "n", "HEARTH_INSECURE_REGISTRIES", "")::get)
                .insecureRegistries()).isEqualTo(List.of());
    }
}
