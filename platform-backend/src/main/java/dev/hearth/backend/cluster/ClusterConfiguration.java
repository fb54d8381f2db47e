package dev.hearth.backend.cluster;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A validated ClusterConfiguration (docs/architecture.md, "Names and labels"). Built only by {@link ClusterConfigurationParser}, so
 * holding one means every field is known and well-formed.
 *
 * @param apiVersion      {@code hearth.dev/v1alpha1} or Cinder's {@code cinder.crit.sh/v1alpha1}
 * @param localRegistry   feature gate LocalRegistry: per-host registry + KEP-1755 ConfigMap
 * @param krustlet        feature gate Krustlet: the WASI node
 * @param registryMirrors alias → endpoint for the WASI node's image pulls, in the order given
 * @param ttl             lifetime asked for in the document, if any
 * @param kubeProxyAffinity {@code controlPlaneConfiguration.kubeProxy.affinity} as compact JSON, validated
 *                        by {@link KubeProxyAffinityValidator}; empty means the default that keeps
 *                        kube-proxy off the Wasm nodes (docs/container-node.md)
 */
public record ClusterConfiguration(String apiVersion, boolean localRegistry, boolean krustlet,
        Map<String, String> registryMirrors, Optional<Duration> ttl, Optional<String> kubeProxyAffinity) {

    public static final String API_VERSION = "hearth.dev/v1alpha1";
    public static final String CINDER_API_VERSION = "cinder.crit.sh/v1alpha1";
    public static final String KIND = "ClusterConfiguration";

    public ClusterConfiguration {
        registryMirrors = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(registryMirrors));
        kubeProxyAffinity = kubeProxyAffinity == null ? Optional.empty() : kubeProxyAffinity;
    }

    /** A configuration with kube-proxy's default affinity. */
    public ClusterConfiguration(String apiVersion, boolean localRegistry, boolean krustlet,
            Map<String, String> registryMirrors, Optional<Duration> ttl) {
        this(apiVersion, localRegistry, krustlet, registryMirrors, ttl, Optional.empty());
    }

    /** What an empty or absent config means. */
    public static ClusterConfiguration defaults() {
        return new ClusterConfiguration(API_VERSION, true, true, Map.of(), Optional.empty());
    }

    /** The same configuration with the effective lifetime recorded. */
    public ClusterConfiguration withTtl(Duration effective) {
        return new ClusterConfiguration(apiVersion, localRegistry, krustlet, registryMirrors, Optional.of(effective),
                kubeProxyAffinity);
    }
}
