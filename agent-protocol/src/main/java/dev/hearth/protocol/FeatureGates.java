package dev.hearth.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The {@code featureGates} of a ClusterConfiguration (docs/architecture.md, "Names and labels"), with the same spelling as the YAML.
 * A gate left out is on: both default to {@code true}, so an absent gate must never read as
 * {@code false} (which a plain {@code boolean} component would do).
 *
 * @param localRegistry the per-host shared registry and its KEP-1755 ConfigMap
 * @param krustlet the cluster's WASI node (the name kept from Cinder)
 */
public record FeatureGates(
        @JsonProperty("LocalRegistry") boolean localRegistry,
        @JsonProperty("Krustlet") boolean krustlet) {

    /** Every gate at its default. */
    public static final FeatureGates DEFAULTS = new FeatureGates(true, true);

    @JsonCreator
    static FeatureGates fromJson(
            @JsonProperty("LocalRegistry") Boolean localRegistry,
            @JsonProperty("Krustlet") Boolean krustlet) {
        return new FeatureGates(
                localRegistry == null ? DEFAULTS.localRegistry() : localRegistry,
                krustlet == null ? DEFAULTS.krustlet() : krustlet);
    }
}
