package dev.hearth.backend.cluster;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /api/v1/clusters/{id}/extend}. */
@Schema(name = "ExtendRequest")
public record ExtendRequest(@Schema(description = "How much longer, e.g. 1h", required = true, examples = "1h") String ttl) {
}
