package dev.hearth.backend.host;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /api/v1/hosts}. */
@Schema(name = "EnrolRequest")
public record EnrolRequest(
        @Schema(required = true, description = "DNS name of the host", examples = "worker-1") String name,
        @Schema(description = "What the scheduler may hand out; defaults fit a 24 GiB, 2-core host")
        HostService.Capacity capacity) {
}
