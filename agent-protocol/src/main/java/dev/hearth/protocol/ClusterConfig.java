package dev.hearth.protocol;

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
 */
public record ClusterConfig(FeatureGates featureGates, Map<String, String> registryMirrors) {

    /** A cluster with every default: all gates on, no mirrors. */
    public static final ClusterConfig DEFAULTS = new ClusterConfig(FeatureGates.DEFAULTS, Map.of());

    public ClusterConfig {
        featureGates = featureGates == null ? FeatureGates.DEFAULTS : featureGates;
        // Sorted, so two configs with the same mirrors encode identically whatever order they came in.
        registryMirrors = registryMirrors == null
                ? Map.of()
                : Collections.unmodifiableMap(new TreeMap<>(registryMirrors));
    }
}
