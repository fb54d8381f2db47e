package dev.hearth.backend.demo;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request bodies of {@code /api/v1/demo}. Languages are plain text, so an unknown one gets our own message. */
public final class DemoRequests {

    private DemoRequests() {
    }

    /** {@code POST /api/v1/demo/builds} and {@code PUT /api/v1/demo/source}. */
    public record SourceBody(
            @Schema(description = "rust or c") String language,
            @Schema(description = "One source file, at most 64 KiB of UTF-8") String source,
            @Schema(description = "The cluster whose host builds; default: the demo's cluster") String clusterId) {
    }

    /** {@code PUT /api/v1/demo/manifest}. */
    public record ManifestBody(
            @Schema(description = "One Pod and its ConfigMaps (YAML); blank resets to the default") String manifest) {
    }

    /** {@code POST /api/v1/demo/run}. */
    public record RunBody(
            @Schema(description = "Default: the demo's cluster (your newest READY one)") String clusterId,
            @Schema(description = "Default: your last successful build's image") String image,
            @Schema(description = "Default: your saved manifest, else the default one") String manifest) {
    }

    /** {@code POST /api/v1/demo/web/builds}. */
    public record WebBody(@Schema(description = "The cluster whose host builds; default: the demo's cluster") String clusterId) {
    }
}
