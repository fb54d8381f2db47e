package dev.hearth.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The part of a validated ClusterConfiguration (docs/architecture.md, "Names and labels") an agent acts on. The backend parses and
 * validates the user's YAML once and sends this normalised form, so agents never re-parse user input;
 * {@code ttl} stays behind because expiry is the backend's job.
 *
 * @param featureGates which optional parts the cluster gets
 * @param registryMirrors image-pull mirrors for the WASI node, registry alias to endpoint URL
 * @param kubeProxyAffinity the kube-proxy DaemonSet's {@code affinity} as JSON, validated by the backend
 *        (docs/container-node.md); {@code null} means the default that keeps kube-proxy off the Wasm nodes.
 *        Left out of the JSON when {@code null}, so agents that predate it read every other desired set.
 */
public record ClusterConfig(FeatureGates featureGates, Map<String, String> registryMirrors,
        @JsonInclude(JsonInclude.Include.NON_NULL) String kubeProxyAffinity) {

    /** A cluster with every default: all gates on, no mirrors. */
    public static final ClusterConfig DEFAULTS = new ClusterConfig(FeatureGates.DEFAULTS, Map.of());

    @JsonCreator
    public ClusterConfig {
        featureGates = featureGates == null ? FeatureGates.DEFAULTS : featureGates;
        // Sorted, so two configs with the same mirrors encode identically whatever order they came in.
        registryMirrors = registryMirrors == null
                ? Map.of()
                : Collections.unmodifiableMap(new TreeMap<>(registryMirrors));
    }

    /** A configuration with kube-proxy's default affinity. */
    public ClusterConfig(FeatureGates featureGates, Map<String, String> registryMirrors) {
        this(featureGates, registryMirrors, null);
    }
}
