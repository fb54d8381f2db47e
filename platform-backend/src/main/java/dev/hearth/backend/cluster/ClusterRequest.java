package dev.hearth.backend.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /api/v1/clusters}; every member is optional. */
@Schema(name = "ClusterRequest")
public record ClusterRequest(
        @Size(max = 40) @Schema(description = "Display name, a DNS label; defaults to the cluster id", examples = "demo")
        String name,
        @Schema(description = "ClusterConfiguration (docs/architecture.md, Names and labels) as a YAML/JSON string or a JSON object",
                examples = "apiVersion: hearth.dev/v1alpha1\nkind: ClusterConfiguration\nfeatureGates:\n  Krustlet: true\n")
        JsonNode config,
        @Schema(description = "Lifetime, e.g. 4h or 90m; overrides the config's ttl; capped by policy", examples = "4h")
        String ttl) {
}
