package dev.hearth.backend.classroom;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /api/v1/classrooms}. */
@Schema(name = "ClassroomRequest")
public record ClassroomRequest(
        @Schema(required = true, description = "What participants see, e.g. 'WASI on Kubernetes, morning group'") String name,
        @Schema(required = true, description = "Number of seats (participants)", examples = "30") Integer seats,
        @Schema(required = true, description = "When the class starts (ISO-8601)") Instant startsAt,
        @Schema(required = true, description = "When it ends: every seat's cluster is torn down then") Instant endsAt,
        @Schema(description = "ClusterConfiguration every seat gets (YAML/JSON string or JSON object); defaults if absent")
        JsonNode config,
        @Schema(description = "Lifetime of a seat's cluster from its hand-out, e.g. 2h; absent = until the class ends. "
                + "Capped by the cluster policy", examples = "3h") String ttl,
        @Schema(description = "Guided-demo track participants follow: rust or c", examples = "rust") String demoTrack,
        @Schema(description = "How many times the join code may be used; defaults to the number of seats") Integer codeMaxUses,
        @Schema(description = "When the join code stops working; defaults to the end of the class") Instant codeExpiresAt) {
}
